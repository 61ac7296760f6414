import Foundation
@testable import FrameAuth
import HTTPServer
import LoopbackClient
import Testing

/// Access tokens handed to the integrator: refreshed when due and not
/// before, rotated, single-flight, and the contract's answer on every failure.
@Suite("Token refresh", .serialized) struct TokenRefreshTests {
    /// The token call, from a thread of its own (see `onOwnThread`).
    static func token(_ harness: SignInHarness, _ user: String = FrameIOStandIn.userID) async throws -> (status: Int, body: [String: Any]) {
        try parse(try await onOwnThread { try harness.api("/api/users/\(user)/token") })
    }

    /// The token call, blocking the calling thread; only from `concurrently`'s threads.
    static func blockingToken(_ harness: SignInHarness, _ user: String = FrameIOStandIn.userID) throws -> (status: Int, body: [String: Any]) {
        try parse(try harness.api("/api/users/\(user)/token"))
    }

    static func parse(_ response: RawResponse) throws -> (status: Int, body: [String: Any]) {
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        #expect(response.header("Cache-Control") == "no-store")
        return (response.status, body)
    }

    /// Runs `body` on `count` threads at once (not the cooperative pool, which has a thread per core).
    static func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) async throws {
        try await onOwnThread {
            let group = DispatchGroup()
            for index in 0..<count {
                group.enter()
                Thread.detachNewThread { body(index); group.leave() }
            }
            group.wait()
        }
    }

    @Test func freshToken_isHandedOut_withoutARefresh() async throws {
        let harness = try SignInHarness()
        _ = try harness.signIn(TestBrowser(port: harness.port))
        let (status, body) = try await Self.token(harness)
        #expect(status == 200)
        #expect(body["access_token"] as? String == FrameIOStandIn.accessToken(1))
        #expect(body["token_type"] as? String == "bearer")
        #expect(body["expires_in"] as? Int == 3600)
        #expect(body["scope"] as? String == "offline account.read asset.read")
        #expect(body["refresh_token"] == nil)
        #expect(harness.standIn.tokenRequests.count == 1)
        await harness.stop()
    }

    @Test(arguments: [SignInHarness.AppKind.confidential, .pkce])
    func nearExpiry_refreshes_withTheAppsClientAuthentication(_ kind: SignInHarness.AppKind) async throws {
        let harness = try SignInHarness(kind: kind, expiresIn: 100)
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.advanceClock(by: 39)  // 61 s left: not due
        #expect(try await Self.token(harness).body["access_token"] as? String == FrameIOStandIn.accessToken(1))
        #expect(harness.standIn.tokenRequests.count == 1)
        harness.advanceClock(by: 2)  // 59 s left: within the 60 s skew
        let (status, body) = try await Self.token(harness)
        #expect(status == 200)
        #expect(body["access_token"] as? String == FrameIOStandIn.accessToken(2))
        #expect(body["expires_in"] as? Int == 100)
        let refresh = try #require(harness.standIn.tokenRequests.last)
        let form = try FormParametersTestView(refresh.bodyText)
        #expect(form["grant_type"] == "refresh_token")
        #expect(form["refresh_token"] == FrameIOStandIn.refreshToken(1))
        #expect(form["scope"] == "offline account.read asset.read")
        if kind == .pkce {
            #expect(refresh.header("Authorization") == nil)
            #expect(form["client_id"] == SignInHarness.clientID)
        } else {
            #expect(refresh.header("Authorization")?.hasPrefix("Basic ") == true)
            #expect(form["client_id"] == nil)
        }
        await harness.stop()
    }

    @Test func configuredSkew_decidesWhenATokenIsDue() async throws {
        let harness = try SignInHarness(expiresIn: 100) { $0.refreshSkewSeconds = 10 }
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.advanceClock(by: 89)  // 11 s left: not due with a 10 s skew (it would be with 60)
        #expect(try await Self.token(harness).body["access_token"] as? String == FrameIOStandIn.accessToken(1))
        harness.advanceClock(by: 2)  // 9 s left
        #expect(try await Self.token(harness).body["access_token"] as? String == FrameIOStandIn.accessToken(2))
        await harness.stop()
    }

    @Test func rotatedRefreshToken_isUsedNext_andSurvivesARestart() async throws {
        let harness = try SignInHarness(expiresIn: 100)
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.advanceClock(by: 50)
        _ = try await Self.token(harness)  // refresh 1: uses REFRESH-1, gets ACCESS-2 / REFRESH-2
        try await harness.restart()
        #expect(try await Self.token(harness).body["access_token"] as? String == FrameIOStandIn.accessToken(2))
        harness.advanceClock(by: 50)
        #expect(try await Self.token(harness).body["access_token"] as? String == FrameIOStandIn.accessToken(3))
        let second = try FormParametersTestView(try #require(harness.standIn.tokenRequests.last).bodyText)
        #expect(second["refresh_token"] == FrameIOStandIn.refreshToken(2))
        await harness.stop()
    }

    @Test func fiftyConcurrentCalls_forOneUser_sendOneRefresh() async throws {
        let harness = try SignInHarness(expiresIn: 100)
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.advanceClock(by: 50)
        harness.standIn.setDelay(.milliseconds(300))
        let tokens = Lock<[String]>([])
        try await Self.concurrently(50) { _ in
            let body = (try? Self.blockingToken(harness).body) ?? [:]
            tokens.withLock { $0.append(body["access_token"] as? String ?? "failed") }
        }
        #expect(harness.standIn.tokenRequests.count == 2)  // the code exchange and one refresh
        #expect(tokens.withLock { $0 } == Array(repeating: FrameIOStandIn.accessToken(2), count: 50))
        await harness.stop()
    }

    @Test func twoUsers_refreshInParallel() async throws {
        let harness = try SignInHarness(expiresIn: 100)
        harness.standIn.setUser("user-a")
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.standIn.setUser("user-b")
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.advanceClock(by: 50)
        let barrier = ArrivalBarrier(expected: 2)
        harness.standIn.setBarrier(barrier)
        try await Self.concurrently(2) { index in _ = try? Self.blockingToken(harness, index == 0 ? "user-a" : "user-b") }
        #expect(harness.standIn.tokenRequests.count == 4)
        #expect(barrier.allArrivedTogether, "the two users' refreshes were never out at the same time")
        await harness.stop()
    }

    @Test func refusedRefresh_endsTheSession_with409_andForgetsTheTokensOnDisk() async throws {
        let harness = try SignInHarness(expiresIn: 100)
        let browser = TestBrowser(port: harness.port)
        _ = try harness.signIn(browser)
        harness.advanceClock(by: 50)
        harness.standIn.setTokenReply(.json(#"{"error":"invalid_grant"}"#, status: 400))
        let (status, body) = try await Self.token(harness)
        #expect(status == 409)
        #expect(body["error"] as? String == "login_required")
        #expect(try browser.get("/session").status == 401)
        try await harness.restart()
        #expect(try await Self.token(harness).status == 409)
        let users = try JSONSerialization.jsonObject(with: Data(try harness.api("/api/users").body)) as? [String: Any]
        #expect((users?["users"] as? [Any])?.isEmpty == true)
        #expect(harness.standIn.tokenRequests.count == 2)
        await harness.stop()
    }

    /// Issue 14, item 10: `invalid_client` (a mistyped or rotated client
    /// secret) ended every user's session for good. It is the operator's to
    /// fix: the sessions stay, the API says 503, the log and metrics say why.
    @Test(arguments: ["invalid_client", "unauthorized_client"])
    func clientRefusedAtRefresh_keepsEverySession_answers503_andSaysSoLoudly(_ error: String) async throws {
        let harness = try SignInHarness(expiresIn: 100)
        let browser = TestBrowser(port: harness.port)
        _ = try harness.signIn(browser)
        harness.advanceClock(by: 50)
        let before = try harness.dataFiles()
        harness.standIn.setTokenReply(.json(#"{"error":"\#(error)"}"#, status: 401))
        let (status, body) = try await Self.token(harness)
        #expect(status == 503)
        #expect(body["error"] as? String == "token_endpoint_unavailable")
        #expect(try harness.dataFiles() == before)
        #expect(try browser.get("/session").status == 200)
        #expect(harness.logText.contains("refused FrameAuth's client credentials (\(error))"))
        harness.standIn.setTokenReply(nil)  // the operator fixed the secret
        #expect(try await Self.token(harness).body["access_token"] as? String == FrameIOStandIn.accessToken(2))
        await harness.stop()
    }

    static let passingFailures: [(String, FakeHTTPEndpoint.Reply)] = [
        ("server error", .respond(status: 503, body: Array("busy".utf8))),
        ("time-out", .delayed(.seconds(3), .json("{}"))),
        ("reset", .resetConnection),
        ("garbage", .respond(status: 200, headers: [("Content-Type", "application/json")], body: Array("{".utf8))),
    ]

    @Test(arguments: passingFailures.map(\.0))
    func passingFailure_gets503_andLeavesTheStoredTokensByteForByte(_ name: String) async throws {
        let reply = try #require(Self.passingFailures.first { $0.0 == name }?.1)
        let harness = try SignInHarness(expiresIn: 100, clientTimeout: .seconds(1))
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.advanceClock(by: 50)
        let before = try harness.dataFiles()
        harness.standIn.setTokenReply(reply)
        let (status, body) = try await Self.token(harness)
        #expect(status == 503)
        #expect(body["error"] as? String == "token_endpoint_unavailable")
        #expect(try harness.dataFiles() == before)
        harness.standIn.setTokenReply(nil)  // Frame.io is back: the old refresh token still works
        #expect(try await Self.token(harness).body["access_token"] as? String == FrameIOStandIn.accessToken(2))
        await harness.stop()
    }

    @Test func refreshTokenPastItsLife_ends_withoutSendingARequest() async throws {
        let harness = try SignInHarness()
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.advanceClock(by: 30 * 86_400 + 1)
        #expect(try await Self.token(harness).status == 409)
        #expect(harness.standIn.tokenRequests.count == 1)
        await harness.stop()
    }

    @Test func logOfARunWithRefreshes_holdsNoToken() async throws {
        let harness = try SignInHarness(expiresIn: 100)
        _ = try harness.signIn(TestBrowser(port: harness.port))
        harness.advanceClock(by: 50)
        _ = try await Self.token(harness)
        harness.standIn.setTokenReply(.json(#"{"error":"invalid_grant"}"#, status: 400))
        harness.advanceClock(by: 100)
        _ = try await Self.token(harness)
        await harness.stop()
        let log = harness.logText
        #expect(log.contains("/api/users/"))
        for secret in [FrameIOStandIn.accessTokenPrefix, FrameIOStandIn.refreshTokenPrefix, SignInHarness.apiKey, SignInHarness.clientSecret] {
            #expect(!log.contains(secret))
        }
    }
}
