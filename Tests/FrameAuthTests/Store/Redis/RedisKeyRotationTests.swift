import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// Changing the encryption key of the store replicas share (CONTRACT §9):
/// values sealed with a previous key open, are sealed again with the newest
/// key by the replica that has it, never back with an older one, and a
/// replica lacking a key that values need does not start.
@Suite struct RedisKeyRotationTests {
    private let server: RedisServer
    static let oldKey = SecureRandom.bytes(count: 32)
    static let newKey = SecureRandom.bytes(count: 32)

    init() throws {
        server = try RedisServer()
    }

    private func client() -> RedisClient {
        RedisClient(url: server.url())
    }

    private func store(_ key: [UInt8], previous: [[UInt8]] = []) throws -> RedisStore {
        RedisStore(redis: client(), keys: try KeyRing(current: key, previous: previous))
    }

    private func rotation(_ key: [UInt8], previous: [[UInt8]], valuesPerSecond: Int = 1_000) throws -> RedisKeyRotation {
        RedisKeyRotation(redis: client(), sealer: RedisSealer(keys: try KeyRing(current: key, previous: previous)),
                         valuesPerSecond: valuesPerSecond, interval: .milliseconds(50), busyInterval: .milliseconds(50))
    }

    /// What start-up counts, with `key` current and `previous` as previous keys.
    private func census(_ key: [UInt8], previous: [[UInt8]] = []) throws -> RedisKeyRotation.Census {
        try RedisKeyRotation.census(at: server.url(), keys: KeyRing(current: key, previous: previous))
    }

    /// Three users, each with a browser session, sealed with the old key.
    private func usersSealedWithTheOldKey() async throws -> [SessionID] {
        let old = try store(Self.oldKey)
        var sessions: [SessionID] = []
        for index in 1...3 {
            sessions.append(.generate())
            try await StoreFixtures.signIn(old, userID: "user-\(index)", session: sessions.last!)
        }
        return sessions
    }

    private func eventually(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10) * Sanitizer.slowdown
        while try await !condition() {
            try #require(ContinuousClock.now < deadline, "timed out")
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func valuesSealedWithAPreviousKey_open_andAreSealedAgain_afterWhichTheNewKeyAloneOpensThem() async throws {
        let sessions = try await usersSealedWithTheOldKey()
        let newKeyAlone = try store(Self.newKey)
        await #expect(throws: StoreError.self) { try await newKeyAlone.user(id: "user-1") }

        let rotated = try store(Self.newKey, previous: [Self.oldKey])
        #expect(try await rotated.user(forSession: sessions[0])?.profile.id == "user-1")
        #expect(try census(Self.newKey, previous: [Self.oldKey]) == RedisKeyRotation.Census(current: 0, previous: 6))

        let log = LogRecorder()
        let sealer = try rotation(Self.newKey, previous: [Self.oldKey])
        sealer.start(log: log.sink)
        defer { sealer.stop() }
        try await eventually { log.all.contains { $0.contains("0 records left sealed with a previous key") } }
        #expect(log.all.contains { $0.contains("6 records in Redis are sealed with a previous key") })
        #expect(sealer.recordsSealedWithPreviousKeys == 0)

        let newOnly = try store(Self.newKey)
        #expect(try census(Self.newKey) == RedisKeyRotation.Census(current: 6, previous: 0))
        #expect(try await newOnly.users().map(\.profile.id) == ["user-1", "user-2", "user-3"])
        for (index, session) in sessions.enumerated() {
            #expect(try await newOnly.user(forSession: session)?.profile.id == "user-\(index + 1)")
        }
    }

    /// A rolling change: replicas not yet restarted have the old key as
    /// current and the new one as previous. They read what the new replicas
    /// seal, and never seal it back with the old key.
    @Test func aReplicaWhoseKeyIsNotTheNewest_neverSealsValuesBackWithIt() async throws {
        let sessions = try await usersSealedWithTheOldKey()
        // Step 1 of a rolling change: the new key only as a previous one.
        let older = try rotation(Self.oldKey, previous: [Self.newKey])
        let olderLog = LogRecorder()
        older.start(log: olderLog.sink)
        defer { older.stop() }
        try await eventually { older.recordsSealedWithPreviousKeys == 0 }

        // Step 2, on one replica: the new key as current.
        let newer = try rotation(Self.newKey, previous: [Self.oldKey])
        let newerLog = LogRecorder()
        newer.start(log: newerLog.sink)
        defer { newer.stop() }
        try await eventually { newerLog.all.contains { $0.contains("6 records in Redis are sealed with a previous key; sealing them again") } }
        try await eventually { newer.recordsSealedWithPreviousKeys == 0 }

        try await eventually { olderLog.all.contains { $0.contains("another replica has a newer encryption key (id \(KeyID(of: Self.newKey)))") } }
        #expect(try census(Self.newKey) == RedisKeyRotation.Census(current: 6, previous: 0))
        #expect(try await store(Self.oldKey, previous: [Self.newKey]).user(forSession: sessions[2])?.profile.id == "user-3")
    }

    @Test func sealingAgain_keepsToItsPace() async throws {
        _ = try await usersSealedWithTheOldKey()
        let slow = try rotation(Self.newKey, previous: [Self.oldKey], valuesPerSecond: 2)
        let started = ContinuousClock.now
        try await slow.resealPreviouslySealed()
        // Six values at two a second: two full seconds of waiting at least.
        #expect(ContinuousClock.now - started >= .seconds(2))
        #expect(try await slow.census() == RedisKeyRotation.Census(current: 6, previous: 0))
    }

    /// Stopped halfway (a replica killed mid-walk), some values are sealed
    /// with each key, every one still opens, and the next walk (another
    /// replica, or this one restarted) finishes the job. Each value is
    /// replaced in one compare-and-set, so there is no half-written value.
    @Test func aWalkStoppedHalfway_losesNothing_andTheNextOneFinishes() async throws {
        let old = try store(Self.oldKey)
        for index in 1...30 { try await StoreFixtures.signIn(old, userID: "user-\(index)") }
        let interrupted = try rotation(Self.newKey, previous: [Self.oldKey], valuesPerSecond: 20)
        interrupted.start(log: { _ in })
        let both = try store(Self.newKey, previous: [Self.oldKey])
        try await eventually { try census(Self.newKey, previous: [Self.oldKey]).current >= 20 }
        interrupted.stop()

        // Stopped means stopped: after the one value that may have been on
        // its way, none is sealed again.
        try await Task.sleep(for: .seconds(1) * Sanitizer.slowdown)
        let halfway = try census(Self.newKey, previous: [Self.oldKey])
        try await Task.sleep(for: .seconds(1.5))
        #expect(try census(Self.newKey, previous: [Self.oldKey]) == halfway)
        #expect(halfway.current > 0 && halfway.previous > 0 && halfway.current + halfway.previous == 60)
        #expect(try await both.users().count == 30)

        let next = try rotation(Self.newKey, previous: [Self.oldKey])
        try await next.resealPreviouslySealed()
        #expect(try census(Self.newKey) == RedisKeyRotation.Census(current: 60, previous: 0))
        #expect(try await store(Self.newKey).users().count == 30)
    }

    /// A write between the read and the write of a value sealed again wins.
    @Test func aValueChangedMeanwhile_isNotOverwritten() async throws {
        let redis = client()
        _ = try await redis.storeCommand("SET", ["frameauth:session:x", "written-meanwhile"])
        let replaced = try await redis.storeEval(RedisScripts.resealIfUnchanged, keys: ["frameauth:session:x"],
                                                 arguments: [[], Array("read-before".utf8), Array("sealed-again".utf8)])
        #expect(try replaced.integerAsStore() == 0)
        #expect(try await redis.storeCommand("GET", ["frameauth:session:x"]).bytesOrNullAsStore() == Array("written-meanwhile".utf8))
    }

    /// The start-up check reads every value, unless the current key is the
    /// only one ever registered: then no value can need another key.
    @Test func startupCheck_isSkipped_onlyWhileTheCurrentKeyIsTheOnlyOneRegistered() async throws {
        let url = server.url()
        let newOnly = try KeyRing(current: Self.newKey, previous: [])
        #expect(try RedisKeyRotation.checkAtStart(at: url, keys: newOnly) == RedisKeyRotation.Census(), "nothing registered yet: counted")
        #expect(try RedisKeyRotation.checkAtStart(at: url, keys: newOnly) == nil, "only the current key registered: skipped")

        // A replica with another key registers it; the next start counts again, and finds what it lacks.
        _ = try RedisKeyRotation.census(at: url, keys: KeyRing(current: Self.oldKey, previous: []))
        try await StoreFixtures.signIn(try store(Self.oldKey), userID: "user-1")
        let counted = try #require(try RedisKeyRotation.checkAtStart(at: url, keys: newOnly))
        #expect(counted.missing == [KeyID(of: Self.oldKey): 2])
    }

    @Test func aReplicaLackingAKeyThatValuesNeed_doesNotStart_andSaysHowManyNeedIt() async throws {
        _ = try await usersSealedWithTheOldKey()
        var configuration = Configuration(provider: .v4)
        configuration.clientID = "app"
        configuration.storeURL = server.url().description
        configuration.encryptionKey = Self.newKey
        #expect { try StoreOpening(configuration, dataDir: "/nonexistent", environment: Application.Environment()) } throws: { error in
            "\(error)".contains("Redis holds 6 sealed records this replica has no key for (6 with key id \(KeyID(of: Self.oldKey)))")
        }
        configuration.previousEncryptionKeys = [Self.oldKey]
        let log = LogRecorder()
        var environment = Application.Environment()
        environment.log = log.sink
        let opened = try StoreOpening(configuration, dataDir: "/nonexistent", environment: environment)
        #expect(log.all.contains("session store: 6 records in Redis are sealed with a previous key"))
        #expect(try await opened.sessions.recordsSealedWithPreviousKeys() == 6)
        await opened.sessions.close()
    }
}
