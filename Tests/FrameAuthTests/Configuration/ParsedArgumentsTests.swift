import Testing
@testable import FrameAuth

@Suite struct ParsedArgumentsTests {
    @Test func flags_takeTheirValue_asTheNextArgument_orAfterEquals() {
        let parsed = ParsedArguments(["--port", "9000", "--host=::1", "--config", "c.json", "--check-config"])
        #expect(parsed.layer.problems.isEmpty)
        #expect(parsed.layer.settings[.port]?.value == .text("9000"))
        #expect(parsed.layer.settings[.host]?.value == .text("::1"))
        #expect(parsed.configFilePath == "c.json")
        #expect(parsed.checkOnly)
    }

    @Test func everyNonSecretKey_hasAFlag_andTheFlagSetsIt() {
        for key in ConfigurationKey.allCases where !key.isSecret && key != .pkce {
            let flag = "--" + key.fileKey.replacing("_", with: "-")
            #expect(ParsedArguments([flag, "x"]).layer.settings[key]?.value == .text("x"), "\(flag)")
        }
        #expect(ParsedArguments(["--no-pkce"]).layer.settings[.pkce]?.value == .boolean(false))
        #expect(ParsedArguments(["--no-pkce", "--pkce"]).layer.settings[.pkce]?.value == .boolean(true))
    }

    @Test func missingValue_unknownFlag_andStrayArgument_areProblems() {
        let parsed = ParsedArguments(["--port", "--bogus", "stray-value", "--pkce=no", "--host"])
        #expect(parsed.layer.problems.map(\.key) == ["--port", "--bogus", "--pkce", "--host"])
        let stray = ParsedArguments(["stray-value"])
        #expect(stray.layer.problems.map(\.key) == ["argument 1"])
        #expect(!stray.layer.problems.description.contains("stray-value"))
    }

    @Test func healthcheck_isRecognised_takesNoValue_andExcludesCheckConfig() {
        #expect(ConfigurationLoader.isHealthCheckRequested(arguments: ["--port", "9000", "--healthcheck"]))
        #expect(!ConfigurationLoader.isHealthCheckRequested(arguments: ["--port", "9000"]))
        #expect(!ParsedArguments(["--check-config"]).healthCheck)
        #expect(ParsedArguments(["--healthcheck"]).layer.problems.isEmpty)
        #expect(ParsedArguments(["--healthcheck=yes"]).layer.problems.map(\.key) == ["--healthcheck"])
        #expect(ParsedArguments(["--healthcheck", "--check-config"]).layer.problems.map(\.key) == ["--healthcheck"])
        #expect(ConfigurationLoader.usage.contains("--healthcheck"))
    }

    @Test func help_isRecognised_andTheUsageSaysWhySecretsHaveNoFlags() {
        #expect(ConfigurationLoader.isHelpRequested(arguments: ["--port", "1", "--help"]))
        #expect(ConfigurationLoader.isHelpRequested(arguments: ["-h"]))
        #expect(!ConfigurationLoader.isHelpRequested(arguments: ["--port", "1"]))
        #expect(ConfigurationLoader.usage.contains("Secrets have no flags"))
        for name in ["CLIENT_SECRET_FILE", "FRAMEAUTH_API_KEY_FILE", "FRAMEAUTH_ENCRYPTION_KEY_FILE"] {
            #expect(ConfigurationLoader.usage.contains(name))
        }
        for key in ConfigurationKey.allCases {
            if let flag = key.flag { #expect(ConfigurationLoader.usage.contains(flag), "\(flag)") }
            for name in key.environmentNames { #expect(ConfigurationLoader.usage.contains(name), "\(name)") }
        }
    }
}
