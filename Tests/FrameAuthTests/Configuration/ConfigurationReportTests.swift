import Testing
@testable import FrameAuth

@Suite struct ConfigurationReportTests {
    static let clientSecret = "cs-SECRET-7Hq2Wm9Zx4Lp1Vb8"
    static let apiKey = "ak-SECRET-Nc5Rt0Yu3Io6Pa9Sd2Fg7Jk4Lz1Xc8Vb"
    static let encryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

    static func make(_ environment: [String: String] = [:], arguments: [String] = []) throws -> String {
        // An API key only with a client id: without one it would refuse the demo.
        let sandbox = try ConfigurationSandbox.make(files: environment["CLIENT_ID"] == nil ? [:] : [".env": "FRAMEAUTH_API_KEY=\(apiKey)\n"])
        return ConfigurationReport(try sandbox.loaded(arguments, environment: environment)).text
    }

    @Test func report_listsEverySetting_onItsOwnLine_withWhereItCameFrom() throws {
        let report = try Self.make(["CLIENT_ID": "app", "PORT": "9000"], arguments: ["--scopes", "offline"])
        let lines = report.split(separator: "\n")
        for key in ConfigurationKey.allCases {
            #expect(lines.contains { $0.hasPrefix("  \(key.fileKey) ") }, "\(key)")
        }
        #expect(lines.contains { $0.hasPrefix("  port ") && $0.hasSuffix("9000  (environment: PORT)") })
        #expect(lines.contains { $0.hasPrefix("  scopes ") && $0.hasSuffix("offline  (flag: --scopes)") })
        #expect(lines.contains { $0.hasPrefix("  host ") && $0.hasSuffix("127.0.0.1  (default)") })
        #expect(lines.contains { $0.hasPrefix("  redirect_uri ") && $0.contains("http://127.0.0.1:9000/callback") })
        #expect(lines.contains { $0.hasPrefix("  api_key ") && $0.hasSuffix("set (hidden)  (.env: FRAMEAUTH_API_KEY)") })
        #expect(lines.contains { $0.hasPrefix("  encryption_key ") && $0.contains("not set") })
    }

    @Test func report_neverContainsAnyPartOfASecret() throws {
        let report = try Self.make([
            "CLIENT_ID": "app", "CLIENT_SECRET": Self.clientSecret, "FRAMEAUTH_ENCRYPTION_KEY": Self.encryptionKey,
        ])
        #expect(report.contains("client_secret"))
        for secret in [Self.clientSecret, Self.apiKey, Self.encryptionKey] {
            #expect(!report.contains(secret))
            #expect(!report.contains(secret.prefix(8)))
            #expect(!report.contains(secret.suffix(8)))
        }
    }

    @Test(arguments: [
        ([String: String](), "app: demo mode"),
        (["CLIENT_ID": "app"], "app: PKCE"),
        (["CLIENT_ID": "app", "CLIENT_SECRET": "s"], "app: confidential (client secret)"),
        (["CLIENT_ID": "app", "CLIENT_SECRET": "s", "FRAMEAUTH_PKCE": "yes"], "app: confidential+PKCE"),
    ])
    func report_namesTheAppKind(environment: [String: String], line: String) throws {
        #expect(try Self.make(environment).split(separator: "\n").contains { $0.hasPrefix(line) })
    }

    @Test func report_namesTheConfigFile() throws {
        let sandbox = try ConfigurationSandbox.make(files: ["c.json": "{}"])
        let report = ConfigurationReport(try sandbox.loaded(["--config", "c.json"])).text
        #expect(report.contains("config file: \(sandbox.path)/c.json\n"))
        #expect(try Self.make().contains("config file: none\n"))
    }

    @Test func configuration_printedOrDumped_masksItsSecrets() throws {
        let sandbox = try ConfigurationSandbox.make()
        let configuration = try sandbox.loaded(environment: [
            "CLIENT_ID": "app", "CLIENT_SECRET": Self.clientSecret, "FRAMEAUTH_API_KEY": Self.apiKey,
        ]).configuration
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped] {
            #expect(text.contains("set (hidden)"))
            #expect(!text.contains(Self.clientSecret))
            #expect(!text.contains(Self.apiKey))
        }
    }
}
