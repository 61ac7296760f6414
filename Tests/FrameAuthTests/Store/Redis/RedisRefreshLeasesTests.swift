import Foundation
import Testing
@testable import FrameAuth

/// One refresh per user across replicas: the lease itself.
@Suite struct RedisRefreshLeasesTests {
    private let server: RedisServer

    init() throws {
        server = try RedisServer()
    }

    /// Two minutes unless a test says otherwise: no lease may lapse by
    /// itself in a test that does not wait for it to, however slow the run
    /// (a ThreadSanitizer run once spent 14 s in the first test below, and
    /// a 10-second lease lapsed between two of its calls).
    private func leases(_ duration: Duration = .seconds(120)) -> RedisRefreshLeases {
        RedisRefreshLeases(redis: RedisClient(url: server.url()), duration: duration)
    }

    @Test func aLease_isHeldByOneReplicaAtATime_perUser() async throws {
        let (one, other) = (leases(), leases())
        let held = try #require(try await one.acquire("u1"))
        #expect(try await other.acquire("u1") == nil)
        #expect(try await other.acquire("u2") != nil)
        await held.release()
        #expect(try await other.acquire("u1") != nil)
    }

    @Test func aLapsedLease_cannotBeRenewedOrReleased_byItsFormerHolder() async throws {
        let paused = try #require(try await leases(.milliseconds(200)).acquire("u1"))
        try await Task.sleep(for: .milliseconds(400))
        let taker = try #require(try await leases().acquire("u1"))
        // The replica that was paused past its lease wakes up: it holds nothing.
        #expect(await paused.renew() == false)
        await paused.release()
        #expect(try await leases().acquire("u1") == nil)
        #expect(await taker.renew())
        await taker.release()
        #expect(try await leases().acquire("u1") != nil)
    }

    /// Read from the lease's time to live rather than from timing, which a
    /// busy test run makes unreliable: a renewal starts the duration again.
    @Test func renewing_startsTheLeasesDurationAgain() async throws {
        let held = try #require(try await leases(.seconds(30)).acquire("u1"))
        let redis = RedisClient(url: server.url())
        try await Task.sleep(for: .seconds(1))
        let before = try await redis.call("PTTL", "frameauth:refresh-lease:u1").integer()
        #expect(await held.renew())
        let after = try await redis.call("PTTL", "frameauth:refresh-lease:u1").integer()
        #expect(before < 29_500 && after > before, "time to live \(before) ms before the renewal, \(after) after")
        #expect(try await leases().acquire("u1") == nil)
    }
}
