import Foundation
import Testing
@testable import FrameAuth

/// Sign-ins in progress shared by replicas: the same rules as
/// `PendingLoginsTests` for one instance, through Redis.
@Suite struct RedisPendingLoginsTests {
    /// A server of this test's own, alive as long as the test (Swift Testing
    /// makes a suite value per test).
    private let server: RedisServer

    init() throws {
        server = try RedisServer()
    }

    private typealias Fixture = PendingLoginsTests
    private static let browserA = Fixture.binding("browser-a")

    private static func pending(_ server: RedisServer, perClientCapacity: Int = 256, capacity: Int = 100_000) throws -> RedisPendingLogins {
        try RedisPendingLogins(redis: RedisClient(url: server.url()), keys: KeyRing(current: StoreFixtures.key),
                               capacity: capacity, perClientCapacity: perClientCapacity)
    }

    @Test func aStateRegisteredOnOneReplica_isTakenOnAnother_once() async throws {
        let (login, callback) = (try Self.pending(server), try Self.pending(server))
        let attempt = LoginAttempt(browserBinding: Self.browserA.digest, pkceVerifier: "verifier-0123456789", nonce: "nonce-42",
                                   returnTo: "/after", expiresAt: Fixture.now.addingTimeInterval(600))
        try await login.register(state: "s1", attempt: attempt, now: Fixture.now)
        let taken = try await callback.take(state: "s1", browserBinding: Self.browserA, now: Fixture.now).get()
        #expect(taken.pkceVerifier == "verifier-0123456789" && taken.nonce == "nonce-42" && taken.returnTo == "/after")
        #expect(taken.expiresAt == attempt.expiresAt)
        #expect(try await login.take(state: "s1", browserBinding: Self.browserA, now: Fixture.now).failure == .unknown)
    }

    @Test func take_refusesForeignBrowsersExpiredMissingAndUnknownStates() async throws {
        let pending = try Self.pending(server)
        try await pending.register(state: "s1", attempt: Fixture.attempt(), now: Fixture.now)
        #expect(try await pending.take(state: "s1", browserBinding: Fixture.binding("browser-b"), now: Fixture.now).failure == .foreignBrowser)
        #expect(try await pending.take(state: "s1", browserBinding: Self.browserA, now: Fixture.now).failure == .unknown)

        try await pending.register(state: "s2", attempt: Fixture.attempt(expiresIn: 600), now: Fixture.now)
        #expect(try await pending.take(state: "s2", browserBinding: Self.browserA, now: Fixture.now.addingTimeInterval(601)).failure == .expired)
        #expect(try await pending.take(state: nil, browserBinding: Self.browserA, now: Fixture.now).failure == .missing)
        #expect(try await pending.take(state: "never-issued", browserBinding: Self.browserA, now: Fixture.now).failure == .unknown)
    }

    @Test func aFloodFromOneClient_cancelsNoOtherClientsSignIn_andStaysBounded() async throws {
        let pending = try Self.pending(server, perClientCapacity: 8, capacity: 40)
        try await pending.register(state: "ada", attempt: Fixture.attempt(binding: "ada", from: "198.51.100.7"), now: Fixture.now)
        for index in 0..<30 {
            try await pending.register(state: "flood-\(index)", attempt: Fixture.attempt(binding: "mallory", from: "203.0.113.66"), now: Fixture.now)
        }
        #expect(try await pending.take(state: "ada", browserBinding: Fixture.binding("ada"), now: Fixture.now).failure == nil)
        #expect(try await pending.take(state: "flood-0", browserBinding: Fixture.binding("mallory"), now: Fixture.now).failure == .unknown)
        #expect(try await pending.take(state: "flood-29", browserBinding: Fixture.binding("mallory"), now: Fixture.now).failure == nil)

        // Many clients: the overall bound holds, the oldest giving way.
        for index in 0..<60 {
            try await pending.register(state: "many-\(index)", attempt: Fixture.attempt(from: "10.0.0.\(index)"), now: Fixture.now)
        }
        let keys = try await RedisClient(url: server.url()).call("KEYS", "frameauth:pending:*").array()
        #expect(keys.count <= 40)
        #expect(try await pending.take(state: "many-59", browserBinding: Self.browserA, now: Fixture.now).failure == nil)
    }

    @Test func redisHoldsNoStateVerifierNonceOrClientAddress() async throws {
        let pending = try Self.pending(server)
        let attempt = LoginAttempt(browserBinding: Self.browserA.digest, pkceVerifier: "verifier-abcdefghijklmnop", nonce: "nonce-qrstuvwxyz012345",
                                   returnTo: "/private/return/path", expiresAt: Fixture.now.addingTimeInterval(600),
                                   client: ClientBucket(address: "198.51.100.77"))
        try await pending.register(state: "state-value-0123456789abcdef", attempt: attempt, now: Fixture.now)
        let everything = String(decoding: try await server.everyKeyAndValue(), as: UTF8.self)
        #expect(everything.contains("frameauth:pending:"))
        for secret in ["state-value-0123456789abcdef", "verifier-abcdefghijklmnop", "nonce-qrstuvwxyz012345", "/private/return/path",
                       "198.51.100.77", String(ClientBucket(address: "198.51.100.77").name)] {
            #expect(!everything.contains(secret), "Redis holds \(secret)")
        }
    }
}
