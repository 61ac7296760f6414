import FoundationEssentials
import Testing
@testable import FrameAuth

@Suite struct ConfigurationValidationTests {
    /// The problems with `environment` on top of a valid PKCE app.
    static func problems(_ environment: [String: String], arguments: [String] = []) throws -> [ConfigurationProblem] {
        try ConfigurationSandbox.make().problems(arguments, environment: ["CLIENT_ID": "app"].merging(environment) { $1 })
    }

    static func keys(_ environment: [String: String], arguments: [String] = []) throws -> [String] {
        try problems(environment, arguments: arguments).map(\.key)
    }

    @Test(arguments: ["0", "1", "8080", "65535"])
    func port_inRange_isAccepted(port: String) throws {
        #expect(try Self.keys(["PORT": port]).isEmpty)
    }

    @Test(arguments: ["65536", "-1", "http", "80.5", " 80", "+80", "99999999999999999999999"])
    func port_notAnIntegerFrom0To65535_isAProblem(port: String) throws {
        #expect(try Self.keys(["PORT": port]) == ["PORT"])
    }

    @Test(arguments: ["127.0.0.1", "0.0.0.0", "::1", "::", "fd00::1", "192.168.1.10"])
    func host_ipLiteral_isAccepted(host: String) throws {
        #expect(try Self.keys(["FRAMEAUTH_HOST": host]).isEmpty)
    }

    @Test(arguments: ["localhost", "[::1]", "example.com", "127.0.0.1:8080", "256.0.0.1"])
    func host_notAnIPLiteral_isAProblem(host: String) throws {
        #expect(try Self.keys(["FRAMEAUTH_HOST": host]) == ["FRAMEAUTH_HOST"])
    }

    @Test func pkceFalse_withoutASecret_isAProblem_butFineWithOne() throws {
        let problems = try Self.problems(["FRAMEAUTH_PKCE": "false"])
        #expect(problems.map(\.key) == ["FRAMEAUTH_PKCE"])
        #expect(problems.first?.message.contains("a PKCE app") == true)
        #expect(try Self.keys(["FRAMEAUTH_PKCE": "false", "CLIENT_SECRET": "issued-secret"]).isEmpty)
        #expect(try Self.keys([:], arguments: ["--no-pkce"]) == ["--no-pkce"])
    }

    @Test(arguments: [("true", true), ("1", true), ("YES", true), ("false", false), ("0", false), ("no", false)])
    func pkce_acceptsTheUsualBooleanSpellings(text: String, value: Bool) throws {
        let loaded = try ConfigurationSandbox.make().loaded(environment: ["CLIENT_SECRET": "s", "CLIENT_ID": "app", "FRAMEAUTH_PKCE": text])
        #expect(loaded.configuration.pkce == value)
    }

    @Test func pkce_notABoolean_isAProblem() throws {
        #expect(try Self.keys(["FRAMEAUTH_PKCE": "maybe"]) == ["FRAMEAUTH_PKCE"])
    }

    @Test func clientSecret_withoutAClientID_isAProblem() throws {
        let problems = try ConfigurationSandbox.make().problems(environment: ["CLIENT_SECRET": "s"])
        #expect(problems.map(\.key) == ["CLIENT_SECRET"])
    }

    @Test func clientID_withWhitespace_isAProblem() throws {
        #expect(try Self.keys(["CLIENT_ID": "app id"]) == ["CLIENT_ID"])
    }

    @Test(arguments: ["REDIRECT_URI", "FRAMEAUTH_AUTHORIZE_URL", "FRAMEAUTH_TOKEN_URL", "FRAMEAUTH_USERINFO_URL"])
    func urls_mustBeAbsolute_httpsOffLoopback_withoutFragmentOrUserinfo(name: String) throws {
        #expect(try Self.keys([name: "https://example.com/oauth/callback"]).isEmpty)
        #expect(try Self.keys([name: "http://127.0.0.1:9000/oauth/callback"]).isEmpty)
        #expect(try Self.keys([name: "http://[::1]/oauth/callback"]).isEmpty)
        for bad in [
            "/oauth/callback", "example.com/callback", "http://example.com/callback", "ftp://example.com/callback",
            "https://example.com/callback#fragment", "https://user:pass@example.com/callback",
        ] {
            #expect(try Self.keys([name: bad]) == [name], "\(bad)")
        }
    }

    @Test func url_withCredentials_isNotEchoedInTheProblem() throws {
        let problems = try Self.problems(["FRAMEAUTH_TOKEN_URL": "https://user:hunter2@example.com/token"])
        #expect(!problems.description.contains("hunter2"))
    }

    @Test(arguments: [
        "/", "", "/login", "/logout", "/disconnect", "/session", "/healthz", "/readyz", "/metrics", "/api", "/api/users",
        "/_demo/token", "/login/",
    ])
    func redirectURI_whosePathIsRootOrAFrameAuthRoute_isAProblem(path: String) throws {
        #expect(try Self.keys(["REDIRECT_URI": "https://auth.example.com\(path)"]) == ["REDIRECT_URI"])
    }

    @Test(arguments: ["/callback", "/oauth/frameio", "/apis", "/login-done", "/callback?tenant=1"])
    func redirectURI_withAPathOfItsOwn_isAccepted(path: String) throws {
        #expect(try Self.keys(["REDIRECT_URI": "https://auth.example.com\(path)"]).isEmpty)
    }

    @Test(arguments: ["", "   ", "offline \"asset\"", "offline asset\\read", "offline\tasset.read", "offline café"])
    func scopes_emptyOrOutsideRFC6749ScopeTokens_isAProblem(scopes: String) throws {
        #expect(try Self.keys([:], arguments: ["--scopes=\(scopes)"]) == ["--scopes"])
    }

    @Test func scopes_withRunsOfSpaces_areNormalizedToSingleSpaces() throws {
        let loaded = try ConfigurationSandbox.make().loaded(environment: ["SCOPES": "  offline   asset.read "])
        #expect(loaded.configuration.scopes == "offline asset.read")
    }

    @Test(arguments: [
        "c2hvcnQ=",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==",
        "not base64 at all!!",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh",
    ])
    func encryptionKey_notBase64OfExactly32Bytes_isAProblem(key: String) throws {
        #expect(try Self.keys(["FRAMEAUTH_ENCRYPTION_KEY": key]) == ["FRAMEAUTH_ENCRYPTION_KEY"])
    }

    @Test(arguments: [
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_8",
    ])
    func encryptionKey_base64OrBase64URL_of32Bytes_isAccepted(key: String) throws {
        let loaded = try ConfigurationSandbox.make().loaded(environment: ["FRAMEAUTH_ENCRYPTION_KEY": key])
        #expect(loaded.configuration.encryptionKey?.count == 32)
    }

    @Test func apiKey_shorterThan32Characters_isAProblem_suggestingOpenSSL() throws {
        let problems = try Self.problems(["FRAMEAUTH_API_KEY": String(repeating: "k", count: 31)])
        #expect(problems.map(\.key) == ["FRAMEAUTH_API_KEY"])
        #expect(problems.first?.message.contains("openssl rand -base64 32") == true)
        #expect(try Self.keys(["FRAMEAUTH_API_KEY": String(repeating: "k", count: 32)]).isEmpty)
    }

    @Test func apiKey_withCharactersABearerTokenCannotCarry_isAProblem() throws {
        #expect(try Self.keys(["FRAMEAUTH_API_KEY": String(repeating: "k", count: 32) + " x"]) == ["FRAMEAUTH_API_KEY"])
        #expect(try Self.keys(["FRAMEAUTH_API_KEY": "ab+/=" + String(repeating: "k", count: 32)]) == ["FRAMEAUTH_API_KEY"])
        #expect(try Self.keys(["FRAMEAUTH_API_KEY": "ab+/-._~" + String(repeating: "k", count: 32) + "=="]).isEmpty)
    }

    @Test func apiKey_mayListSeveralKeys_separatedByCommas_blanksAroundThemDropped() throws {
        let (first, second) = (String(repeating: "a", count: 32), String(repeating: "b", count: 40))
        let loaded = try ConfigurationSandbox.make().loaded(environment: ["CLIENT_ID": "app", "FRAMEAUTH_API_KEY": "\(first), \(second)"])
        #expect(loaded.configuration.apiKeys == [first, second])
    }

    @Test(arguments: [
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "key 2 of 3 is empty; separate keys with single commas"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,", "key 2 of 2 is empty; separate keys with single commas"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,tiny-key", "key 2 of 2 is shorter than 32 characters"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "key 2 of 2 repeats key 1; list each key once"),
    ])
    func apiKey_list_withAFaultyKey_namesItsPlace_neverAKey(listed: String, expected: String) throws {
        let problems = try Self.problems(["FRAMEAUTH_API_KEY": listed])
        #expect(problems.map(\.key) == ["FRAMEAUTH_API_KEY"])
        let message = try #require(problems.first?.message)
        #expect(message.hasPrefix(expected))
        #expect(!message.contains("aaaaaaaa") && !message.contains("tiny"))
    }

    @Test func previousEncryptionKeys_areBase64Keys_separatedByCommas_andShownOnlyAsACount() throws {
        let (first, second) = (Data(repeating: 1, count: 32).base64EncodedString(), Data(repeating: 2, count: 32).base64EncodedString())
        let loaded = try ConfigurationSandbox.make().loaded(environment: ["CLIENT_ID": "app", "FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS": "\(first), \(second)"])
        #expect(loaded.configuration.previousEncryptionKeys == [Array(repeating: 1, count: 32), Array(repeating: 2, count: 32)])
        let shown = loaded.configuration.displayValue(of: .previousEncryptionKeys)
        #expect(shown == "2 keys, set (hidden)")

        let problems = try Self.problems(["FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS": "\(first),c2hvcnQ="])
        #expect(problems.map(\.key) == ["FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS"])
        #expect(problems.first?.message.hasPrefix("key 2 of 2 must be exactly 32 bytes in base64") == true)
        #expect(problems.first?.message.contains(first) == false)
    }

    @Test func trustedProxies_areIPLiterals_commaOrSpaceSeparated() throws {
        let loaded = try ConfigurationSandbox.make().loaded(environment: ["CLIENT_ID": "app", "FRAMEAUTH_TRUSTED_PROXIES": "10.0.0.1, fd00::2 10.0.0.3"])
        #expect(loaded.configuration.trustedProxies == ["10.0.0.1", "fd00::2", "10.0.0.3"])
        let problems = try Self.problems(["FRAMEAUTH_TRUSTED_PROXIES": "10.0.0.1,proxy.internal,10.0.0.0/8"])
        #expect(problems.map(\.key) == ["FRAMEAUTH_TRUSTED_PROXIES", "FRAMEAUTH_TRUSTED_PROXIES"])
    }

    @Test func metricsPort_isOffByDefault_andMustBeAValidPortOtherThanPort() throws {
        #expect(try ConfigurationSandbox.make().loaded().configuration.metricsPort == nil)
        #expect(try Self.keys(["FRAMEAUTH_METRICS_PORT": "9090"]).isEmpty)
        #expect(try Self.keys(["FRAMEAUTH_METRICS_PORT": "70000"]) == ["FRAMEAUTH_METRICS_PORT"])
        #expect(try Self.keys(["FRAMEAUTH_METRICS_PORT": "8080"]) == ["FRAMEAUTH_METRICS_PORT"])
        #expect(try Self.keys(["FRAMEAUTH_METRICS_PORT": "0", "PORT": "0"]).isEmpty)
    }

    @Test func severalProblems_areReportedTogether_oneLineEach() throws {
        let problems = try Self.problems(
            ["PORT": "eighty", "FRAMEAUTH_HOST": "localhost", "SCOPES": "\"", "FRAMEAUTH_API_KEY": "short"],
            arguments: ["--token-url", "http://example.com/token", "--bogus"])
        #expect(Set(problems.map(\.key)) == ["PORT", "FRAMEAUTH_HOST", "SCOPES", "FRAMEAUTH_API_KEY", "--token-url", "--bogus"])
        #expect(problems.allSatisfy { !$0.description.contains("\n") })
        #expect(ConfigurationProblems(problems).description.split(separator: "\n").count == 6)
    }

    @Test func isControl_isExactlyGeneralCategoryCc_overEveryScalar() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if ConfigurationRules.isControl(scalar) != (scalar.properties.generalCategory == .control) { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }
}
