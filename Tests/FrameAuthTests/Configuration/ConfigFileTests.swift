import Testing
@testable import FrameAuth

@Suite struct ConfigFileTests {
    /// The repository root, found from this file's own path.
    static let repositoryRoot: String = {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)  // Tests/FrameAuthTests/Configuration/ConfigFileTests.swift
        return components.joined(separator: "/")
    }()

    static func problems(json: String) throws -> [ConfigurationProblem] {
        try ConfigurationSandbox.make(files: ["c.json": json]).problems(["--config", "c.json"])
    }

    @Test func configExampleJSON_loadsWithNoProblems_andSetsEveryKey() throws {
        let sandbox = try ConfigurationSandbox.make()
        let path = Self.repositoryRoot + "/config.example.json"
        let loaded = try sandbox.loaded(["--config", path])
        #expect(loaded.configFilePath == path)
        #expect(loaded.configuration.appKind == .pkce)
        let fromFile = ConfigurationKey.allCases.filter { loaded.origin(of: $0).source == .configFile }
        #expect(Set(fromFile) == Set(ConfigurationKey.allCases.filter { !$0.isSecret }))
    }

    @Test func everyKey_isReadFromTheFile_withItsJSONType() throws {
        let sandbox = try ConfigurationSandbox.make(files: ["c.json": """
            {"host": "::1", "port": 0, "client_id": "app", "client_secret": "s", "pkce": true,
             "redirect_uri": "https://auth.example.com/cb", "scopes": "offline",
             "authorize_url": "https://a.example.com/auth", "token_url": "https://a.example.com/token",
             "userinfo_url": "https://a.example.com/me", "data_dir": "/srv/data", "public_dir": "pages",
             "api_key": "\(String(repeating: "a", count: 40))",
             "encryption_key": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
             "trusted_proxies": ["10.0.0.1"], "metrics_port": 9100}
            """])
        let configuration = try sandbox.loaded(["--config", "c.json"]).configuration
        var expected = Configuration()
        expected.host = "::1"
        expected.port = 0
        expected.clientID = "app"
        expected.clientSecret = "s"
        expected.pkce = true
        expected.redirectURI = "https://auth.example.com/cb"
        expected.scopes = "offline"
        expected.authorizeURL = "https://a.example.com/auth"
        expected.tokenURL = "https://a.example.com/token"
        expected.userinfoURL = "https://a.example.com/me"
        expected.dataDir = "/srv/data"
        expected.publicDir = sandbox.path + "/pages"
        expected.apiKeys = [String(repeating: "a", count: 40)]
        expected.encryptionKey = Array(0..<32)
        expected.trustedProxies = ["10.0.0.1"]
        expected.metricsPort = 9100
        #expect(configuration == expected)
    }

    @Test func unknownKey_isAProblem_suggestingTheNearestKnownOne() throws {
        let problems = try Self.problems(json: #"{"client-id": "app", "prot": 8080, "colour": "blue"}"#)
        #expect(problems.map(\.key) == ["client-id", "colour", "prot"])
        #expect(problems[0].message.contains("did you mean client_id?"))
        #expect(problems[1].message.contains("the keys are provider, host, port"))
        #expect(problems[2].message.contains("did you mean port?"))
    }

    @Test(arguments: [
        (#"{"port": "8080"}"#, "port"), (#"{"port": 80.5}"#, "port"), (#"{"pkce": "true"}"#, "pkce"),
        (#"{"host": 127}"#, "host"), (#"{"trusted_proxies": "10.0.0.1"}"#, "trusted_proxies"),
        (#"{"trusted_proxies": [1]}"#, "trusted_proxies"), (#"{"client_secret_file": true}"#, "client_secret_file"),
        (#"{"scopes": ["offline"]}"#, "scopes"),
    ])
    func wrongJSONType_isAProblemNamingTheKey(json: String, key: String) throws {
        let problems = try Self.problems(json: json)
        #expect(problems.map(\.key) == [key])
        #expect(problems.first?.source == .configFile)
    }

    @Test func nullValue_countsAsNotSet() throws {
        let sandbox = try ConfigurationSandbox.make(files: ["c.json": #"{"client_id": null, "metrics_port": null}"#])
        let loaded = try sandbox.loaded(["--config", "c.json"])
        #expect(loaded.configuration.isDemo)
        #expect(loaded.configuration.metricsPort == nil)
    }

    @Test func invalidJSON_orNotAnObject_isAProblem_thatDoesNotQuoteTheFile() throws {
        let secret = "cs-9fJ2kQ7wX1mZ4cV8bN6hK3tR"
        let invalid = try Self.problems(json: #"{"client_secret": "\#(secret)" // a comment\#n}"#)
        #expect(invalid.count == 1)
        #expect(invalid.first?.message.contains("not valid JSON") == true)
        #expect(!invalid.description.contains(secret))
        let array = try Self.problems(json: #"["\#(secret)"]"#)
        #expect(array.first?.message.contains("JSON object") == true)
        #expect(!array.description.contains(secret))
    }

    @Test func emptyClientIDOrSecret_isAProblem_notAnAppWithoutOne() throws {
        let problems = try Self.problems(json: #"{"client_id": "", "client_secret": ""}"#)
        #expect(problems.map(\.key) == ["client_id", "client_secret"])
        #expect(problems.allSatisfy { $0.message.hasPrefix("is empty") })
    }

    @Test func problem_staysOneLine_whenAKeyOrPathHoldsControlCharacters() throws {
        let key = try Self.problems(json: #"{"a\nFORGED: b": 1}"#)
        #expect(key.count == 1)
        #expect(key.first?.description.hasPrefix(#"a\u{a}FORGED: b (config file): unknown key"#) == true)
        let path = try ConfigurationSandbox.make().problems(["--config", "c\n\u{1b}[2J.json"])
        #expect(path.count == 1)
        #expect(path.first?.description.contains(#"c\u{a}\u{1b}[2J.json: no such file"#) == true)
    }

    @Test func missingConfigFile_isAProblem_namingHowItWasGiven() throws {
        let sandbox = try ConfigurationSandbox.make()
        #expect(sandbox.problems(["--config", "nope.json"]).map(\.key) == ["--config"])
        let fromEnvironment = sandbox.problems(environment: ["FRAMEAUTH_CONFIG": "/nonexistent/frameauth.json"])
        #expect(fromEnvironment.map(\.key) == ["FRAMEAUTH_CONFIG"])
        #expect(fromEnvironment.first?.message.contains("/nonexistent/frameauth.json") == true)
    }
}
