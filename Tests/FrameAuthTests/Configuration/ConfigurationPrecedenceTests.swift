import Testing
@testable import FrameAuth

@Suite struct ConfigurationPrecedenceTests {
    /// `host` set at every level up to `highest`, each to its own address
    /// (a client id is set: the demo would refuse these non-loopback hosts).
    static func make(upTo highest: ConfigurationSource) throws -> (ConfigurationSandbox, [String], [String: String]) {
        var files: [String: String] = [:]
        var arguments: [String] = []
        var environment = ["CLIENT_ID": "app"]
        if highest >= .configFile {
            files["frameauth.json"] = #"{"host": "10.0.0.1"}"#
            arguments += ["--config", "frameauth.json"]
        }
        if highest >= .dotEnv { files[".env"] = "FRAMEAUTH_HOST=10.0.0.2\n" }
        if highest >= .environment { environment["FRAMEAUTH_HOST"] = "10.0.0.3" }
        if highest >= .flag { arguments += ["--host", "10.0.0.4"] }
        return (try ConfigurationSandbox.make(files: files), arguments, environment)
    }

    @Test(arguments: [
        (ConfigurationSource.flag, "10.0.0.4", "--host"),
        (.environment, "10.0.0.3", "FRAMEAUTH_HOST"),
        (.dotEnv, "10.0.0.2", "FRAMEAUTH_HOST"),
        (.configFile, "10.0.0.1", "host"),
        (.defaultValue, "127.0.0.1", "host"),
    ])
    func setting_comesFromTheHighestLevelThatSetsIt(highest: ConfigurationSource, host: String, name: String) throws {
        let (sandbox, arguments, environment) = try Self.make(upTo: highest)
        let loaded = try sandbox.loaded(arguments, environment: environment)
        #expect(loaded.configuration.host == host)
        #expect(loaded.origin(of: .host) == ConfigurationOrigin(source: highest, name: name))
    }

    @Test func eachKey_isResolvedOnItsOwn_acrossLevels() throws {
        let sandbox = try ConfigurationSandbox.make(files: [
            "c.json": #"{"port": 9001, "scopes": "offline", "data_dir": "/var/lib/frameauth"}"#,
            ".env": "PORT=9002\nSCOPES=asset.read\n",
        ])
        let loaded = try sandbox.loaded(["--config", "c.json", "--scopes", "account.read"], environment: ["PORT": "9003"])
        #expect(loaded.configuration.port == 9003)
        #expect(loaded.configuration.scopes == "account.read")
        #expect(loaded.configuration.dataDir == "/var/lib/frameauth")
        #expect(loaded.origin(of: .dataDir).source == .configFile)
    }

    @Test func configFile_isNamedByTheFlag_beforeTheEnvironment_beforeDotEnv() throws {
        let sandbox = try ConfigurationSandbox.make(files: [
            "flag.json": #"{"port": 1001}"#, "env.json": #"{"port": 1002}"#, "dotenv.json": #"{"port": 1003}"#,
            ".env": "FRAMEAUTH_CONFIG=dotenv.json\n",
        ])
        let environment = ["FRAMEAUTH_CONFIG": "env.json"]
        #expect(try sandbox.loaded(["--config", "flag.json"], environment: environment).configuration.port == 1001)
        #expect(try sandbox.loaded(environment: environment).configuration.port == 1002)
        let fromDotEnv = try sandbox.loaded()
        #expect(fromDotEnv.configuration.port == 1003)
        #expect(fromDotEnv.configFilePath == sandbox.path + "/dotenv.json")
    }

    @Test func noConfigFile_isFine_andReportedAsNone() throws {
        let loaded = try ConfigurationSandbox.make().loaded()
        #expect(loaded.configFilePath == nil)
        #expect(!loaded.checkOnly)
    }

    @Test func defaults_areTheContracts_withPathsUnderTheWorkingDirectory() throws {
        let sandbox = try ConfigurationSandbox.make()
        #expect(try sandbox.loaded().configuration == Self.defaults(in: sandbox.path))
    }

    @Test func emptyEnvironmentValue_countsAsNotSet() throws {
        let sandbox = try ConfigurationSandbox.make(files: [".env": "CLIENT_ID=from-dotenv\n"])
        let loaded = try sandbox.loaded(environment: ["CLIENT_ID": "", "PORT": ""])
        #expect(loaded.configuration.clientID == "from-dotenv")
        #expect(loaded.configuration.port == 8080)
    }

    @Test func portAndFrameauthPort_agreeing_isFine_disagreeing_isAProblem() throws {
        let sandbox = try ConfigurationSandbox.make()
        #expect(try sandbox.loaded(environment: ["PORT": "9000", "FRAMEAUTH_PORT": "9000"]).configuration.port == 9000)
        #expect(try sandbox.loaded(environment: ["FRAMEAUTH_PORT": "9001"]).origin(of: .port).name == "FRAMEAUTH_PORT")
        let problems = sandbox.problems(environment: ["PORT": "9000", "FRAMEAUTH_PORT": "9001"])
        #expect(problems.count == 1)
        #expect(problems.first?.description.contains("PORT and FRAMEAUTH_PORT") == true)
    }

    @Test func checkConfigFlag_setsCheckOnly() throws {
        #expect(try ConfigurationSandbox.make().loaded(["--check-config"]).checkOnly)
    }

    static func defaults(in directory: String) -> Configuration {
        Configuration().with {
            $0.dataDir = directory + "/data"
            $0.publicDir = directory + "/Public"
        }
    }
}

extension Configuration {
    func with(_ change: (inout Configuration) -> Void) -> Configuration {
        var copy = self
        change(&copy)
        return copy
    }
}
