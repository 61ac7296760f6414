import Foundation
import Testing
@testable import FrameAuth

/// `store_url` (CONTRACT §8): the shared store's Redis, a secret because it
/// may hold Redis's password.
@Suite struct StoreURLConfigurationTests {
    static let password = "redis-pw-Zq8wX1vT5nRk2LpYj7H"
    static let url = "redis://frameauth:\(password)@10.0.0.5:6380/2"
    static let deployment = ["CLIENT_ID": "app", "FRAMEAUTH_ENCRYPTION_KEY": SecretSourceTests.encryptionKey]

    @Test func storeURL_isRead_andShownOnlyWithItsPasswordMasked() throws {
        let sandbox = try ConfigurationSandbox.make(files: ["store_url": Self.url + "\n"])
        let loaded = try sandbox.loaded(environment: Self.deployment.merging(["FRAMEAUTH_STORE_URL_FILE": "store_url"]) { $1 })
        #expect(loaded.configuration.storeURL == Self.url)
        #expect(loaded.configuration.displayValue(of: .storeURL) == "redis://frameauth:***@10.0.0.5:6380/2")
        let report = ConfigurationReport(loaded).text
        #expect(report.contains("redis://frameauth:***@10.0.0.5:6380/2"))
        for shown in [report, "\(loaded.configuration)", String(reflecting: loaded.configuration)] {
            #expect(!shown.contains(Self.password))
        }
    }

    @Test func withoutStoreURL_sessionsStayInDataDir() throws {
        let loaded = try ConfigurationSandbox.make().loaded(environment: ["CLIENT_ID": "app"])
        #expect(loaded.configuration.storeURL == nil)
        #expect(loaded.configuration.displayValue(of: .storeURL) == "not set (sessions in data_dir)")
    }

    @Test func storeURL_withoutAnEncryptionKey_stopsStartUp_sayingWhichKeyToSet() throws {
        let problems = try ConfigurationSandbox.make().problems(environment: ["CLIENT_ID": "app", "FRAMEAUTH_STORE_URL": Self.url])
        #expect(problems.count == 1)
        #expect(problems.first?.description.contains("FRAMEAUTH_ENCRYPTION_KEY") == true)
        #expect(problems.first?.description.contains(Self.password) == false)
    }

    @Test(arguments: ["cache:6379", "rediss://cache", "redis://cache:99999", "redis://:\(password)@cache/x"])
    func aStoreURLThatDoesNotParse_isAProblem_thatNeverRepeatsIt(text: String) throws {
        let problems = try ConfigurationSandbox.make().problems(environment: Self.deployment.merging(["FRAMEAUTH_STORE_URL": text]) { $1 })
        #expect(problems.count == 1)
        let line = try #require(problems.first).description
        #expect(line.hasPrefix("FRAMEAUTH_STORE_URL (environment): "), "\(line)")
        #expect(!line.contains(text) && !line.contains(Self.password), "\(line)")
    }

    @Test func storeURL_onTheCommandLine_isRefused() throws {
        let problems = try ConfigurationSandbox.make().problems(["--store-url", Self.url], environment: Self.deployment)
        #expect(problems.contains { $0.description.contains("FRAMEAUTH_STORE_URL_FILE") })
        #expect(!problems.contains { $0.description.contains(Self.password) })
    }

    @Test func storeURL_withoutAClientID_isADeployment_notADemo() throws {
        let problems = try ConfigurationSandbox.make().problems(environment: [
            "FRAMEAUTH_STORE_URL": Self.url, "FRAMEAUTH_ENCRYPTION_KEY": SecretSourceTests.encryptionKey,
        ])
        #expect(problems.contains { $0.description.contains("no client id") })
    }
}
