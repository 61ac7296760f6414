import Foundation
@testable import FrameAuth
import HTTPServer
import LoopbackClient
import Testing

/// Two FrameAuth replicas of one app sharing one Redis (CONTRACT §8), as
/// behind a load balancer without sticky sessions.
@Suite("Replicas on Redis", .serialized) struct ReplicaTests {
    let redis: RedisServer
    let clock = TestClock()
    let first: SignInHarness
    let second: SignInHarness

    init() throws {
        redis = try RedisServer()
        let (url, key, clock) = (redis.url().description, SecureRandom.bytes(count: 32), clock)
        let shared: (inout Configuration) -> Void = {
            $0.storeURL = url
            $0.encryptionKey = key
            // Behind a load balancer every replica has the one public redirect URI.
            $0.redirectURI = "http://127.0.0.1:9/callback"
        }
        first = try SignInHarness(expiresIn: 100, clock: clock, configure: shared)
        second = try SignInHarness(clock: clock, sharing: first.standIn, configure: shared)
    }

    @Test func aCallbackOnAnotherReplica_finishesTheSignIn_andEitherReplicaKnowsTheBrowser() async throws {
        let browser = TestBrowser(port: first.port)
        let state = try #require(try first.startLogin(browser)["state"])
        browser.port = second.port
        let callback = try await onOwnThread { try browser.get(self.second.callbackTarget(code: "AUTH-CODE-0cc175b9c0f1", state: state)) }
        #expect(callback.status == 303)
        browser.port = first.port
        let session = try await onOwnThread { try browser.get("/session") }
        #expect(session.status == 200)
        // The state was used up on the second replica: the first refuses it too.
        let replay = try await onOwnThread { try browser.get(self.first.callbackTarget(code: "AUTH-CODE-0cc175b9c0f1", state: state)) }
        #expect(replay.status == 400)
        await stop()
    }

    @Test func fiftyConcurrentTokenCallsOverBothReplicas_forADueToken_makeOneRefresh() async throws {
        _ = try await first.signInOnOwnThread(TestBrowser(port: first.port))
        clock.advance(by: 41)  // 59 s left: due
        let (first, second) = (self.first, self.second)
        let answers = Lock<[String?]>([])
        try await TokenRefreshTests.concurrently(50) { index in
            let replica = index.isMultiple(of: 2) ? first : second
            let answer = try? TokenRefreshTests.blockingToken(replica)
            answers.withLock { $0.append(answer?.body["access_token"] as? String) }
        }
        let refreshes = first.standIn.tokenRequests.filter { $0.bodyText.contains("grant_type=refresh_token") }
        #expect(refreshes.count == 1)
        #expect(answers.withLock { $0 } == Array(repeating: FrameIOStandIn.accessToken(2), count: 50))
        await stop()
    }

    @Test func aReplicaThatDiedHoldingTheLease_holdsItsUserUpNoLongerThanTheLease() async throws {
        _ = try await first.signInOnOwnThread(TestBrowser(port: first.port))
        clock.advance(by: 41)
        // A lease taken and never released, as by a replica killed mid-refresh.
        let leases = RedisRefreshLeases(redis: RedisClient(url: redis.url()), duration: .seconds(2))
        let held = try await leases.acquire(FrameIOStandIn.userID)
        #expect(held != nil)
        let started = ContinuousClock.now
        let (status, body) = try await TokenRefreshTests.token(second)
        #expect(status == 200 && body["access_token"] as? String == FrameIOStandIn.accessToken(2))
        // The replica's own leases last 10 s; this one lasted 2.
        #expect(ContinuousClock.now - started < .seconds(5) * Sanitizer.slowdown)
        await stop()
    }

    private func stop() async {
        await first.stop()
        await second.stop()
    }
}
