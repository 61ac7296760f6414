import Foundation
@testable import FrameAuth
import HTTPServer
import LoopbackClient
import Testing

/// A running FrameAuth wired to a `FrameIOStandIn`, with a temporary data
/// folder, a clock the test moves, and every log line captured. With
/// `provider: .v4` the stand-in is Adobe IMS as well, and is the configured
/// issuer, key set, identity and revocation endpoint.
final class SignInHarness: @unchecked Sendable {
    static let clientID = "frameauth-test-client"
    static let clientSecret = "CLIENT-SECRET-5f4dcc3b5aa7"
    static let apiKey = "API-KEY-8f14e45fceea167a5a36dedd4bea2543"
    static let publicDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Public").standardizedFileURL.path

    enum AppKind { case confidential, pkce, confidentialWithPKCE }

    let standIn: FrameIOStandIn
    let provider: ProviderKind
    let dataDir: String
    private(set) var configuration: Configuration
    private(set) var application: Application
    private let captured = LogRecorder()
    private let clock: TestClock

    var port: Int { application.server.port }
    var logText: String { captured.all.joined(separator: "\n") }

    /// `sharing` another harness's stand-in makes this one a second replica
    /// of the same app (give both the same `store_url`).
    init(kind: AppKind = .confidential, provider: ProviderKind = .legacy, tokenReply: FakeHTTPEndpoint.Reply? = nil, expiresIn: Int = 3600,
         apiKey: String? = SignInHarness.apiKey, clientTimeout: Duration = .seconds(15), clock: TestClock = TestClock(),
         sharing sharedStandIn: FrameIOStandIn? = nil, configure: (inout Configuration) -> Void = { _ in }) throws {
        standIn = try sharedStandIn ?? FrameIOStandIn(tokenReply: tokenReply, expiresIn: expiresIn, provider: provider, now: clock.now)
        self.provider = provider
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("frameauth-\(UUID().uuidString)").path
        self.clock = clock
        var configuration = Configuration(provider: provider)
        configuration.port = 0
        configuration.clientID = Self.clientID
        configuration.clientSecret = kind == .pkce ? nil : Self.clientSecret
        configuration.pkce = kind != .confidential
        configuration.tokenURL = standIn.endpoint.url("/token")
        switch provider {
        case .legacy:
            configuration.authorizeURL = "https://applications.frame.io/oauth2/auth"
            configuration.userinfoURL = standIn.endpoint.url("/me")
        case .v4:
            // The authorize URL stays IMS's: the browser never goes there in these tests.
            configuration.userinfoURL = standIn.endpoint.url("/v4/me")
            configuration.issuer = standIn.issuer
            configuration.jwksURL = standIn.endpoint.url("/keys")
            configuration.revocationURL = standIn.endpoint.url("/revoke")
        }
        configuration.dataDir = self.dataDir
        configuration.publicDir = Self.publicDir
        configuration.apiKeys = apiKey.map { [$0] } ?? []
        configure(&configuration)
        self.configuration = configuration
        var environment = Application.Environment()
        let captured = self.captured
        environment.log = captured.sink
        environment.accessLog = { captured.sink(String(decoding: $0, as: UTF8.self)) }
        environment.now = clock.now
        environment.httpClient.totalTimeout = clientTimeout
        self.environment = environment
        application = try Application.start(configuration, environment: environment)
    }

    private let environment: Application.Environment

    /// Stops FrameAuth and starts it again on the same data folder, with
    /// `change` made to the configuration, and `whileStopped` run in between.
    /// The port changes: browsers made before must be made again.
    func restart(changing change: (inout Configuration) -> Void = { _ in }, whileStopped: () throws -> Void = {}) async throws {
        await application.stop()
        try whileStopped()
        change(&configuration)
        application = try Application.start(configuration, environment: environment)
    }

    func stop() async {
        await application.stop()
        try? FileManager.default.removeItem(atPath: dataDir)
    }

    /// Stops FrameAuth (as `stop` does), then reads back the users it left on disk.
    func stopReadingStoredUsers() async throws -> [StoredUser] {
        await application.stop()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let key = try EncryptionKey.loadOrCreate(configured: configuration.encryptionKey, dataDir: dataDir, log: { _ in })
        let store = try JournalStore(directory: dataDir, key: key, now: clock.now, log: { _ in })
        let users = store.users()
        await store.close()
        return users
    }

    /// /login, then the callback with `code`, as a browser would; returns the callback's response.
    func signIn(_ browser: TestBrowser, code: String = "AUTH-CODE-0cc175b9c0f1", returnTo: String? = nil) throws -> RawResponse {
        let state = try #require(try startLogin(browser, code: code, returnTo: returnTo)["state"])
        return try browser.get(callbackTarget(code: code, state: state))
    }

    /// `signIn` from a thread of its own (see `onOwnThread`): a V4 sign-in fetches
    /// the key set in a task of its own, which needs a free thread in the pool.
    func signInOnOwnThread(_ browser: TestBrowser, code: String = "AUTH-CODE-0cc175b9c0f1", returnTo: String? = nil) async throws -> RawResponse {
        try await onOwnThread { try self.signIn(browser, code: code, returnTo: returnTo) }
    }

    /// /login as a browser would; the query of the authorize URL it redirects to.
    /// On V4, IMS then approves it with `code`: the id_token for `code` carries this login's nonce.
    func startLogin(_ browser: TestBrowser, code: String = "AUTH-CODE-0cc175b9c0f1", returnTo: String? = nil) throws -> [String: String] {
        let login = try browser.get("/login" + (returnTo.map { "?return_to=" + $0 } ?? ""))
        #expect(login.status == 302)
        let query = TestBrowser.query(of: try #require(login.header("Location")))
        standIn.ims?.approve(code: code, nonce: query["nonce"])
        return query
    }

    /// Where the provider sends the browser back; on V4 with `iss`, as IMS does (RFC 9207).
    func callbackTarget(code: String, state: String) -> String {
        let target = "/callback?code=\(code)&state=\(state)"
        return provider == .v4 ? target + "&iss=" + FormURLEncoding.encode(configuration.issuer) : target
    }

    func advanceClock(by seconds: TimeInterval) { clock.advance(by: seconds) }

    /// A call to the integrator API with the right key (or `key`).
    func api(_ path: String, method: String = "GET", key: String? = SignInHarness.apiKey) throws -> RawResponse {
        let client = try RawClient(port: port)
        let authorization = key.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        try client.send("\(method) \(path) HTTP/1.1\r\nHost: t\r\n\(authorization)Connection: close\r\n\r\n")
        return try client.readResponse(bodyExpected: method != "HEAD")
    }

    /// The contents of every file in the data folder, by name.
    func dataFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dataDir) {
            files[name] = FileManager.default.contents(atPath: dataDir + "/" + name)
        }
        return files
    }
}
