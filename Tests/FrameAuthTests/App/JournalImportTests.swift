import Foundation
import Testing
@testable import FrameAuth

/// `frameauth --import-journal`: a single instance's journal into Redis.
@Suite struct JournalImportTests {
    private let redis: RedisServer
    private let directory = TemporaryDirectory()
    private let key = SecureRandom.bytes(count: 32)

    init() throws {
        redis = try RedisServer()
    }

    /// The command's exit status and output. It blocks its thread while the
    /// copy runs in the cooperative pool, as `main` does, so it gets a thread
    /// of its own here rather than one of the pool's.
    private func importJournal(key: [UInt8]? = nil, previousKey: [UInt8]? = nil) async throws -> (code: Int32, text: String) {
        var environment = [
            "CLIENT_ID": "app", "FRAMEAUTH_DATA_DIR": directory.dataDir, "FRAMEAUTH_STORE_URL": redis.url().description,
        ]
        environment["FRAMEAUTH_ENCRYPTION_KEY"] = Data(key ?? self.key).base64EncodedString()
        environment["FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS"] = previousKey.map { Data($0).base64EncodedString() }
        let (workingDirectory, environmentSet) = (directory.path, environment)
        let outcome = try await onOwnThread {
            Launch.decide(arguments: ["--import-journal"], environment: environmentSet, workingDirectory: workingDirectory)
        }
        guard case .exit(let code, let text) = outcome else { return (-1, "it ran the server") }
        return (code, text)
    }

    private var shared: RedisStore {
        get throws { try RedisStore(redis: RedisClient(url: redis.url()), key: key) }
    }

    @Test func everyUserSessionAndEndedUser_arrivesInRedis_once() async throws {
        // The import runs on the real clock: sessions made now are live then.
        let clock = TestClock()
        clock.advance(by: Date().timeIntervalSince(clock.now()))
        let journal = try StoreFixtures.makeStore(directory, key: key, clock: clock)
        let session = SessionID.generate()
        let tokens = StoreFixtures.makeTokens("kept")
        try await StoreFixtures.signIn(journal, userID: "u1", tokens: tokens, session: session)
        try await StoreFixtures.signIn(journal, userID: "u2")
        let ended = StoreFixtures.makeTokens("ended")
        try await StoreFixtures.signIn(journal, userID: "u3", tokens: ended)
        _ = try await journal.endUser("u3", holding: ended)
        await journal.close()

        let first = try await importJournal()
        #expect(first.code == 0, "\(first.text)")
        #expect(first.text.contains("imported 2 users (0 already in Redis, kept as they are), 2 browser sessions (0 skipped), 1 ended sessions"))
        let store = try shared
        #expect(try await store.user(forSession: session)?.tokens.accessToken == tokens.accessToken)
        #expect(try await store.users().map(\.profile.id) == ["u1", "u2"])
        #expect(try await store.hasEnded("u3"))

        // The import registered its key, as replicas do, so a replica with
        // another key counts Redis's values at start and refuses to start.
        let otherKey = try KeyRing(current: SecureRandom.bytes(count: 32), previous: [])
        let census = try #require(try RedisKeyRotation.checkAtStart(at: redis.url(), keys: otherKey))
        #expect(census.missing == [KeyID(of: key): 4], "two users and their two sessions")

        // Again: nothing new, nothing changed.
        let second = try await importJournal()
        #expect(second.code == 0)
        #expect(second.text.contains("imported 0 users (2 already in Redis, kept as they are), 0 browser sessions (2 skipped), 0 ended sessions"))
    }

    @Test func aUserWhoSignedInThroughAReplicaMeanwhile_keepsTheNewerTokens() async throws {
        let journal = try StoreFixtures.makeStore(directory, key: key)
        try await StoreFixtures.signIn(journal, userID: "u1", tokens: StoreFixtures.makeTokens("older"))
        await journal.close()
        let newer = StoreFixtures.makeTokens("newer")
        try await StoreFixtures.signIn(try shared, userID: "u1", tokens: newer)

        #expect(try await importJournal().code == 0)
        #expect(try await shared.user(id: "u1")?.tokens.accessToken == newer.accessToken)
    }

    @Test func aJournalSealedWithTheGeneratedKey_isOpenedWithIt_andSealedAgainWithTheConfiguredOne() async throws {
        // A single instance without FRAMEAUTH_ENCRYPTION_KEY generated data_dir/encryption.key.
        let generated = try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: { _ in })
        let journal = try StoreFixtures.makeStore(directory, key: generated)
        try await StoreFixtures.signIn(journal, userID: "u1")
        await journal.close()

        let result = try await importJournal()
        #expect(result.code == 0, "\(result.text)")
        #expect(try await shared.user(id: "u1") != nil)
    }

    @Test func withoutAJournal_orWithTheWrongKey_nothingIsImported_andTheLineSaysWhy() async throws {
        let missing = try await importJournal()
        #expect(missing.code == 1 && missing.text.contains("there is no journal to import"))

        let journal = try StoreFixtures.makeStore(directory, key: key)
        try await StoreFixtures.signIn(journal, userID: "u1")
        await journal.close()
        let wrong = try await importJournal(key: SecureRandom.bytes(count: 32))
        #expect(wrong.code == 1 && wrong.text.contains("which is neither the encryption key"), "\(wrong.text)")
        #expect(try await RedisClient(url: redis.url()).call("DBSIZE").integer() == 0)
    }

    /// A journal still sealed with a key given as previous imports too, sealed with the current key in Redis.
    @Test func aJournalSealedWithAPreviousKey_importsWhenThatKeyIsGiven() async throws {
        let olderKey = SecureRandom.bytes(count: 32)
        let journal = try StoreFixtures.makeStore(directory, key: olderKey)
        try await StoreFixtures.signIn(journal, userID: "u1")
        await journal.close()

        let result = try await importJournal(previousKey: olderKey)
        #expect(result.code == 0, "\(result.text)")
        #expect(try await shared.user(id: "u1") != nil)
    }
}
