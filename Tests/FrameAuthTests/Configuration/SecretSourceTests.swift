import Foundation
import Testing
@testable import FrameAuth

@Suite struct SecretSourceTests {
    static let secret = "cs-Zq8wX1vT5nRk2LpYj7HdMbA0fE3gU9cN"
    static let apiKey = "ak-4fJ9sQ2mW7xZ1cV6bN3hK8tR5yL0pD2e"
    static let encryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

    @Test func clientSecret_canComeFromAFile_withoutItsTrailingNewline() throws {
        let sandbox = try ConfigurationSandbox.make(files: ["client_secret": Self.secret + "\n"])
        let loaded = try sandbox.loaded(environment: ["CLIENT_ID": "app", "CLIENT_SECRET_FILE": "client_secret"])
        #expect(loaded.configuration.clientSecret == Self.secret)
        #expect(loaded.origin(of: .clientSecret) == ConfigurationOrigin(source: .environment, name: "CLIENT_SECRET_FILE"))
    }

    @Test func everySecret_canComeFromAFile_namedInDotEnv_orTheConfigFile() throws {
        let sandbox = try ConfigurationSandbox.make(files: [
            "api_key": Self.apiKey + "\r\n", "enc": Self.encryptionKey,
            ".env": "CLIENT_ID=app\nFRAMEAUTH_API_KEY_FILE=api_key\n",
            "c.json": #"{"encryption_key_file": "enc"}"#,
        ])
        let loaded = try sandbox.loaded(["--config", "c.json"])
        #expect(loaded.configuration.apiKeys == [Self.apiKey])
        #expect(loaded.configuration.encryptionKey == Array(0..<32))
        #expect(loaded.origin(of: .encryptionKey) == ConfigurationOrigin(source: .configFile, name: "encryption_key_file"))
    }

    @Test func aSecretFile_atAHigherLevel_overridesTheValue_atALowerOne() throws {
        let sandbox = try ConfigurationSandbox.make(files: [
            "client_secret": Self.secret, ".env": "CLIENT_SECRET=lower-level-secret\nCLIENT_ID=app\n",
        ])
        let loaded = try sandbox.loaded(environment: ["CLIENT_SECRET_FILE": sandbox.path + "/client_secret"])
        #expect(loaded.configuration.clientSecret == Self.secret)
    }

    @Test(arguments: ["CLIENT_SECRET", "FRAMEAUTH_API_KEY", "FRAMEAUTH_ENCRYPTION_KEY"])
    func secretAndItsFile_bothSetAtOneLevel_isAProblem(name: String) throws {
        let sandbox = try ConfigurationSandbox.make(files: ["file": Self.secret])
        let problems = sandbox.problems(environment: ["CLIENT_ID": "app", name: Self.secret, name + "_FILE": "file"])
        #expect(problems.map(\.key) == [name + "_FILE"])
        #expect(problems.first?.source == .environment)
        #expect(!problems.description.contains(Self.secret))
    }

    @Test func secretAndItsFile_bothSetInTheConfigFile_isAProblem() throws {
        let sandbox = try ConfigurationSandbox.make(files: [
            "c.json": #"{"client_id": "app", "client_secret": "\#(Self.secret)", "client_secret_file": "x"}"#,
        ])
        let problems = sandbox.problems(["--config", "c.json"])
        #expect(problems.map(\.key) == ["client_secret_file"])
        #expect(!problems.description.contains(Self.secret))
    }

    @Test func unreadableSecretFile_isAProblem_namingTheVariableAndPath() throws {
        let sandbox = try ConfigurationSandbox.make()
        let problems = sandbox.problems(environment: ["CLIENT_ID": "app", "FRAMEAUTH_API_KEY_FILE": "/nonexistent/api_key"])
        #expect(problems.count == 1)
        #expect(problems.first?.key == "FRAMEAUTH_API_KEY_FILE")
        #expect(problems.first?.message.contains("/nonexistent/api_key") == true)
    }

    @Test func secretFile_thatIsADirectory_orEmpty_isAProblem() throws {
        let sandbox = try ConfigurationSandbox.make(files: ["empty": "\n"])
        let directory = sandbox.problems(environment: ["FRAMEAUTH_ENCRYPTION_KEY_FILE": sandbox.path])
        #expect(directory.map(\.key) == ["FRAMEAUTH_ENCRYPTION_KEY_FILE"])
        let empty = sandbox.problems(environment: ["FRAMEAUTH_ENCRYPTION_KEY_FILE": "empty"])
        #expect(empty.first?.message.contains("is empty") == true)
    }

    @Test func badSecretFromAFile_isReported_withoutItsContents() throws {
        let sandbox = try ConfigurationSandbox.make(files: ["api_key": "short-\(Self.secret.prefix(8))"])
        let problems = sandbox.problems(environment: ["CLIENT_ID": "app", "FRAMEAUTH_API_KEY_FILE": "api_key"])
        #expect(problems.map(\.key) == ["FRAMEAUTH_API_KEY_FILE"])
        #expect(!problems.description.contains(Self.secret.prefix(8)))
    }

    @Test(arguments: ["--client-secret", "--api-key", "--encryption-key", "--previous-encryption-keys", "--store-url", "--client-secret=inline"])
    func secretFlags_areRefused_withoutEchoingTheValue(flag: String) throws {
        let sandbox = try ConfigurationSandbox.make()
        let arguments = flag.contains("=") ? [flag.replacingOccurrences(of: "inline", with: Self.secret)] : [flag, Self.secret]
        let problems = sandbox.problems(arguments)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("ps") == true)
        #expect(!problems.description.contains(Self.secret))
    }
}
