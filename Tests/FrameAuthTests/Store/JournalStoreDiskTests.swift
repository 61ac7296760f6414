import Foundation
import Testing
@testable import FrameAuth

@Suite struct JournalStoreDiskTests {
    let directory = TemporaryDirectory()

    @Test func files_areReadableByTheOwnerOnly() async throws {
        let key = try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: { _ in })
        let store = try StoreFixtures.makeStore(directory, key: key)
        try await StoreFixtures.signIn(store)

        #expect(StoreFixtures.mode(of: directory.dataDir) == 0o700)
        #expect(StoreFixtures.mode(of: directory.journal) == 0o600)
        #expect(StoreFixtures.mode(of: directory.file(EncryptionKey.fileName)) == 0o600)
    }

    @Test func existingLooseDataDir_isTightenedTo700_andLogged() throws {
        try FileManager.default.createDirectory(atPath: directory.dataDir, withIntermediateDirectories: false)
        chmod(directory.dataDir, 0o755)
        let log = LogRecorder()
        _ = try StoreFixtures.makeStore(directory, log: log)

        #expect(StoreFixtures.mode(of: directory.dataDir) == 0o700)
        #expect(log.all.contains { $0.contains("tightened") && $0.contains(directory.dataDir) })
    }

    @Test func noTokenEmailOrSessionValue_appearsInAnyFileOnDisk() async throws {
        let key = try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: { _ in })
        let store = try StoreFixtures.makeStore(directory, key: key)
        let tokens = StoreFixtures.makeTokens()
        let refreshed = StoreFixtures.makeTokens("refreshed")
        let session = SessionID.generate()
        let profile = StoreFixtures.makeProfile(id: "id-\(SecureRandom.token(byteCount: 9))")
        try await store.signIn(profile: profile, tokens: tokens, binding: StoreFixtures.binding, subject: "SUBJECT-\(profile.id)",
                               newSession: session, replacing: nil)
        _ = try await store.updateTokens(userID: profile.id, from: tokens, to: refreshed, binding: StoreFixtures.binding)

        let secrets = [
            tokens.accessToken, tokens.refreshToken!, refreshed.accessToken, refreshed.refreshToken!,
            profile.email!, profile.name!, profile.id, session.cookieValue, "SUBJECT-\(profile.id)", StoreFixtures.binding.clientID,
            Data(session.digest.bytes).base64EncodedString(),
        ]
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.dataDir)
        #expect(names.contains(Journal.fileName))
        for name in names {
            let bytes = StoreFixtures.readBytes(directory.file(name))
            for secret in secrets {
                #expect(!contains(bytes, Array(secret.utf8)), "\(name) holds a secret in the clear")
            }
            #expect(!contains(bytes, session.digest.bytes), "\(name) holds the session digest in the clear")
        }
    }

    @Test func compaction_keepsExactlyTheLiveState_andShrinksTheJournal() async throws {
        let store = try StoreFixtures.makeStore(directory)
        var kept: [SessionID] = []
        var ended: [SessionID] = []
        for round in 0..<200 {
            let session = SessionID.generate()
            try await store.signIn(
                profile: StoreFixtures.makeProfile(id: "user-\(round % 10)"), tokens: StoreFixtures.makeTokens("\(round)"),
                binding: StoreFixtures.binding, subject: nil, newSession: session, replacing: nil
            )
            if round % 4 == 0 { kept.append(session) } else { ended.append(session) }
        }
        for session in ended { try await store.endSession(session) }
        try await store.deleteUser("user-0")
        let latest = store.users()
        let before = StoreFixtures.size(of: directory.journal)

        try await store.compact()

        #expect(StoreFixtures.size(of: directory.journal) < before / 4)
        for candidate in [store, try await reopen(store)] {
            #expect(candidate.users().map(\.tokens.accessToken) == latest.map(\.tokens.accessToken))
            #expect(candidate.users().count == 9)
            #expect(candidate.sessionCount == kept.count - kept.count / 5)
            for session in ended { #expect(candidate.user(forSession: session) == nil) }
            for (index, session) in kept.enumerated() {
                let expectedUser = index % 5 == 0 ? nil : "user-\((index * 4) % 10)"
                #expect(candidate.user(forSession: session)?.profile.id == expectedUser)
            }
        }
    }

    @Test func journalPastTwiceItsLiveDataPlusSlack_isCompactedOnItsOwn() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let session = SessionID.generate()
        var tokens = StoreFixtures.makeTokens()
        try await StoreFixtures.signIn(store, tokens: tokens, session: session)
        // Refresh until the journal shrinks on its own: each refresh leaves
        // one superseded record behind, a few hundred bytes.
        var largest = 0
        var shrank = false
        for round in 0..<20_000 where !shrank {
            let refreshed = StoreFixtures.makeTokens("\(round)")
            _ = try await store.updateTokens(userID: "user-1", from: tokens, to: refreshed, binding: StoreFixtures.binding)
            tokens = refreshed
            let size = StoreFixtures.size(of: directory.journal)
            shrank = size < largest
            largest = max(largest, size)
        }

        #expect(shrank)
        #expect(largest > JournalStore.compactionSlack)
        #expect(largest <= JournalStore.compactionSlack + 4_096)
        #expect(try await reopen(store).user(forSession: session) != nil)
    }

    @Test func signInAppend_writesTheSameBytes_withOneUserOrAThousand() async throws {
        let store = try StoreFixtures.makeStore(directory)
        var deltas: [Int] = []
        for index in 0..<1_000 {
            let before = StoreFixtures.size(of: directory.journal)
            try await store.signIn(
                profile: StoreFixtures.makeProfile(id: String(format: "user-%04d", index)),
                tokens: StoreFixtures.makeTokens("x"), binding: StoreFixtures.binding, subject: nil,
                newSession: .generate(), replacing: nil
            )
            deltas.append(StoreFixtures.size(of: directory.journal) - before)
        }

        #expect(deltas[0] > 0)
        #expect(deltas[0] < 2_048)
        #expect(abs(deltas[999] - deltas[0]) <= 8)
    }

    /// Issue 14, item 7: with the journal deleted, sign-ins were appended to
    /// the unlinked file and acknowledged, and gone at the next start.
    @Test func aJournalDeletedWhileRunning_isWrittenAnew_soNoAcknowledgedSignInIsLost() async throws {
        let store = try StoreFixtures.makeStore(directory)
        try await StoreFixtures.signIn(store, userID: "before")
        #expect(unlink(directory.journal) == 0)
        try await StoreFixtures.signIn(store, userID: "after")
        #expect(FileManager.default.fileExists(atPath: directory.journal))
        #expect(await store.isWritable())

        let reopened = try await reopen(store)
        #expect(reopened.user(id: "before") != nil)
        #expect(reopened.user(id: "after") != nil)
        await reopened.close()
    }

    private func reopen(_ store: JournalStore) async throws -> JournalStore {
        await store.close()
        return try StoreFixtures.makeStore(directory)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
