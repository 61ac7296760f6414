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

    init(kind: AppKind = .confidential, tokenReply: FakeHTTPEndpoint.Reply = FrameIOStandIn.goodToken,
         clientTimeout: Duration = .seconds(15), dataDir: String? = nil, clock: TestClock = TestClock()) throws {
        standIn = try FrameIOStandIn(tokenReply: tokenReply)
        self.dataDir = dataDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("frameauth-\(UUID().uuidString)").path
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
}
