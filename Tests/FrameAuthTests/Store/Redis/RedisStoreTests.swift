import Foundation
import LoopbackClient
import Testing
@testable import FrameAuth

/// What the Redis store adds to the `SessionStore` contract: replicas
/// sharing it, nothing readable in Redis or its files, and Redis going away
/// and coming back.
@Suite struct RedisStoreTests {
    /// A server of this test's own, alive as long as the test (Swift Testing
    /// makes a suite value per test).
    private let server: RedisServer

    init() throws {
        server = try RedisServer()
    }

    private static func store(_ server: RedisServer, key: [UInt8] = StoreFixtures.key) throws -> RedisStore {
        var timeouts = RedisTimeouts()
        timeouts.firstBackoff = .milliseconds(100)
        return try RedisStore(redis: RedisClient(url: server.url(), timeouts: timeouts), key: key)
    }

    @Test func replicas_seeEachOthersSignIns_andAStaleRefreshCannotOverwriteANewerOne() async throws {
        let (first, second) = (try Self.store(server), try Self.store(server))
        let original = StoreFixtures.makeTokens("original")
        let session = SessionID.generate()
        try await StoreFixtures.signIn(first, userID: "u1", tokens: original, session: session)
        #expect(try await second.user(forSession: session)?.profile.id == "u1")

        let fromSecond = StoreFixtures.makeTokens("second")
        #expect(try await second.updateTokens(userID: "u1", from: original, to: fromSecond, binding: StoreFixtures.binding).isDone)
        // The first replica's refresh also started from the original tokens: it lost.
        let fromFirst = StoreFixtures.makeTokens("first")
        let change = try await first.updateTokens(userID: "u1", from: original, to: fromFirst, binding: StoreFixtures.binding)
        #expect(change.newerAccessToken == fromSecond.accessToken)
        #expect(try await first.user(id: "u1")?.tokens.accessToken == fromSecond.accessToken)
    }

    @Test func noKeyValueOrFileOfRedis_holdsATokenAnEmailOrACookie() async throws {
        let store = try Self.store(server)
        var secrets: [String] = []
        for index in 0..<3 {
            let tokens = StoreFixtures.makeTokens("t\(index)")
            let session = SessionID.generate()
            try await StoreFixtures.signIn(store, userID: "user-\(index)", tokens: tokens, session: session)
            let refreshed = StoreFixtures.makeTokens("r\(index)")
            _ = try await store.updateTokens(userID: "user-\(index)", from: tokens, to: refreshed, binding: StoreFixtures.binding)
            let profile = StoreFixtures.makeProfile(id: "user-\(index)")
            secrets += [tokens.accessToken, tokens.refreshToken!, refreshed.accessToken, refreshed.refreshToken!,
                        session.cookieValue, profile.email!, profile.name!]
        }

        #expect(try await RedisClient(url: server.url()).call("DBSIZE").integer() >= 10)
        let everything = try await server.everyKeyAndValue()
        let files = try FileManager.default.subpathsOfDirectory(atPath: server.directory.path)
        var fileBytes: [UInt8] = []
        for file in files where !file.hasSuffix("redis.log") {
            fileBytes += FileManager.default.contents(atPath: server.directory.path + "/" + file).map(Array.init) ?? []
        }
        #expect(fileBytes.count > 1_000, "the append-only files hold the writes")
        for secret in secrets {
            let needle = Array(secret.utf8)
            #expect(!Self.contains(everything, needle), "Redis holds \(secret)")
            #expect(!Self.contains(fileBytes, needle), "Redis's files hold \(secret)")
        }
    }

    @Test func aValueMovedToAnotherKey_doesNotOpen() async throws {
        let store = try Self.store(server)
        try await StoreFixtures.signIn(store, userID: "victim")
        try await StoreFixtures.signIn(store, userID: "attacker")
        let redis = RedisClient(url: server.url())
        let record = try #require(try await redis.call("HGET", "frameauth:user:victim", "record").bytesOrNull())
        try await redis.call("HSET", [Array("frameauth:user:attacker".utf8), Array("record".utf8), record])
        do {
            let user = try await store.user(id: "attacker")
            Issue.record("the victim's record opened under the attacker's key: \(String(describing: user))")
        } catch {
            #expect(error.description.contains("frameauth:user:attacker does not authenticate"))
        }
        #expect(try await store.user(id: "victim") != nil)
    }

    @Test func aReplicaWithAnotherEncryptionKey_isToldSo_andReadsNothing() async throws {
        try await StoreFixtures.signIn(try Self.store(server), userID: "u1")
        let other = try Self.store(server, key: SecureRandom.bytes(count: 32))
        do {
            let user = try await other.user(id: "u1")
            Issue.record("read \(String(describing: user)) under another key")
        } catch {
            #expect(error.description.contains("which this replica has neither as FRAMEAUTH_ENCRYPTION_KEY nor in FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS"))
        }
    }

    @Test func redisDown_failsEveryCallAsUnavailable_andTheSameStoreWorksAgainWhenItIsBack() async throws {
        let store = try Self.store(server)
        let tokens = StoreFixtures.makeTokens()
        try await StoreFixtures.signIn(store, userID: "u1", tokens: tokens)
        server.stop()

        #expect(await !store.isWritable())
        for call in [{ _ = try await store.user(id: "u1") }, { try await StoreFixtures.signIn(store, userID: "u2") },
                     { _ = try await store.deleteUser("u1") }] as [() async throws -> Void] {
            do {
                try await call()
                Issue.record("a call succeeded with Redis down")
            } catch let error as StoreError {
                guard case .unavailable = error else { Issue.record("\(error)"); continue }
            }
        }

        try server.start()
        var writable = false
        for _ in 0..<Int(50 * Sanitizer.slowdown) where !writable {
            try await Task.sleep(for: .milliseconds(100))
            writable = await store.isWritable()
        }
        #expect(writable)
        // Acknowledged before the kill, kept through it (appendfsync always); refused while down, not there.
        #expect(try await store.user(id: "u1")?.tokens.accessToken == tokens.accessToken)
        #expect(try await store.user(id: "u2") == nil)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
