import Foundation
@testable import FrameAuth
import HTTPServer
import LoopbackClient
import Synchronization
import Testing

/// A running FrameAuth wired to a `FrameIOStandIn`, with a temporary data
/// folder, a clock the test moves, and every log line captured.
final class SignInHarness: @unchecked Sendable {
    static let clientID = "frameauth-test-client"
    static let clientSecret = "CLIENT-SECRET-5f4dcc3b5aa7"
    static let apiKey = "API-KEY-8f14e45fceea167a5a36dedd4bea2543"
    static let publicDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Public").standardizedFileURL.path

    enum AppKind { case confidential, pkce, confidentialWithPKCE }

    let standIn: FrameIOStandIn
    let dataDir: String
    let configuration: Configuration
    private(set) var application: Application
    private let captured = LogRecorder()
    private let clock: TestClock

    var port: Int { application.server.port }
    var logText: String { captured.all.joined(separator: "\n") }

    init(kind: AppKind = .confidential, tokenReply: FakeHTTPEndpoint.Reply? = nil, expiresIn: Int = 3600,
         apiKey: String? = SignInHarness.apiKey, clientTimeout: Duration = .seconds(15), clock: TestClock = TestClock(),
         configure: (inout Configuration) -> Void = { _ in }) throws {
        standIn = try FrameIOStandIn(tokenReply: tokenReply, expiresIn: expiresIn)
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("frameauth-\(UUID().uuidString)").path
        self.clock = clock
        var configuration = Configuration()
        configuration.port = 0
        configuration.clientID = Self.clientID
        configuration.clientSecret = kind == .pkce ? nil : Self.clientSecret
        configuration.pkce = kind != .confidential
        configuration.authorizeURL = "https://applications.frame.io/oauth2/auth"
        configuration.tokenURL = standIn.endpoint.url("/token")
        configuration.userinfoURL = standIn.endpoint.url("/me")
        configuration.dataDir = self.dataDir
        configuration.publicDir = Self.publicDir
        configuration.apiKey = apiKey
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

    /// Stops FrameAuth and starts it again on the same data folder.
    func restart() async throws {
        await application.stop()
        application = try Application.start(configuration, environment: environment)
    }

    func stop() async {
        await application.stop()
        try? FileManager.default.removeItem(atPath: dataDir)
    }

    /// /login, then the callback with `code`, as a browser would; returns the callback's response.
    func signIn(_ browser: TestBrowser, code: String = "AUTH-CODE-0cc175b9c0f1", returnTo: String? = nil) throws -> RawResponse {
        let login = try browser.get("/login" + (returnTo.map { "?return_to=" + $0 } ?? ""))
        #expect(login.status == 302)
        let location = try #require(login.header("Location"))
        let state = try #require(TestBrowser.query(of: location)["state"])
        return try browser.get("/callback?code=\(code)&state=\(state)")
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
