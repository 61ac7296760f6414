import Foundation
import Testing
@testable import FrameAuth

@Suite struct JournalStoreRecoveryTests {
    let directory = TemporaryDirectory()

    /// Signs in `count` users, one browser each, and returns their sessions.
    private func signInUsers(_ count: Int, into store: JournalStore) async throws -> [SessionID] {
        var sessions: [SessionID] = []
        for index in 0..<count {
            let session = SessionID.generate()
            try await store.signIn(
                profile: StoreFixtures.makeProfile(id: "user-\(index)"), tokens: StoreFixtures.makeTokens("\(index)"), binding: StoreFixtures.binding, subject: nil,
                newSession: session, replacing: nil
            )
            sessions.append(session)
        }
        return sessions
    }

    @Test(arguments: [1, 2, 7, 8, 9, 40, 100])
    func tornLastAppend_missingItsLastBytes_isDroppedAndLogged_keepingEarlierSignIns(bytesCut: Int) async throws {
        try await checkTornLastAppend { appendLength in appendLength - bytesCut }
    }

    @Test(arguments: [1, 7, 8, 9, 60])
    func tornLastAppend_withOnlyItsFirstBytesWritten_isDroppedAndLogged(bytesKept: Int) async throws {
        try await checkTornLastAppend { _ in bytesKept }
    }

    /// Signs in three users, then a fourth whose append is cut to
    /// `bytesKept(lengthOfThatAppend)` bytes, as a crash mid-write would leave it.
    private func checkTornLastAppend(bytesKept: (Int) -> Int) async throws {
        let store = try StoreFixtures.makeStore(directory)
        let earlier = try await signInUsers(3, into: store)
        let lengthBeforeLast = StoreFixtures.size(of: directory.journal)
        let last = SessionID.generate()
        try await store.signIn(
            profile: StoreFixtures.makeProfile(id: "user-last"), tokens: StoreFixtures.makeTokens(), binding: StoreFixtures.binding, subject: nil,
            newSession: last, replacing: earlier[0]
        )
        let kept = bytesKept(StoreFixtures.size(of: directory.journal) - lengthBeforeLast)
        await store.close()
        try #require(kept > 0 && lengthBeforeLast + kept < StoreFixtures.size(of: directory.journal))
        #expect(truncate(directory.journal, off_t(lengthBeforeLast + kept)) == 0)

        let log = LogRecorder()
        let reopened = try StoreFixtures.makeStore(directory, log: log)

        for session in earlier { #expect(reopened.user(forSession: session) != nil) }
        #expect(reopened.user(forSession: last) == nil)
        #expect(reopened.users().map(\.profile.id) == ["user-0", "user-1", "user-2"])
        #expect(log.all.contains { $0.contains(directory.journal) && $0.contains("cut short at byte \(lengthBeforeLast)") })

        // The torn bytes are gone, so what is appended next opens cleanly.
        let next = SessionID.generate()
        try await StoreFixtures.signIn(reopened, userID: "user-next", session: next)
        await reopened.close()
        let quietLog = LogRecorder()
        let third = try StoreFixtures.makeStore(directory, log: quietLog)
        #expect(third.user(forSession: next)?.profile.id == "user-next")
        #expect(quietLog.all.isEmpty)
    }

    @Test func tornTailOfZeros_isDroppedLikeAShortAppend() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let sessions = try await signInUsers(2, into: store)
        await store.close()
        let zeros = [UInt8](repeating: 0, count: 300)
        StoreFixtures.writeBytes(StoreFixtures.readBytes(directory.journal) + zeros, to: directory.journal)

        let log = LogRecorder()
        let reopened = try StoreFixtures.makeStore(directory, log: log)

        for session in sessions { #expect(reopened.user(forSession: session) != nil) }
        #expect(log.all.count { $0.contains("cut short") } == 1)
    }

    @Test(arguments: [JournalCodec.headerLength + 2, JournalCodec.headerLength + 6, JournalCodec.headerLength + 60])
    func alteredByteInAnEarlierRecord_failsOpening_namingTheFileAndOffset(position: Int) async throws {
        let store = try StoreFixtures.makeStore(directory)
        _ = try await signInUsers(3, into: store)
        await store.close()
        var bytes = StoreFixtures.readBytes(directory.journal)
        bytes[position] ^= 0x20
        StoreFixtures.writeBytes(bytes, to: directory.journal)

        #expect { try StoreFixtures.makeStore(directory) } throws: { error in
            let text = "\(error)"
            return text.contains(directory.journal) && text.contains("byte \(JournalCodec.headerLength)")
                && text.contains("encryption key may be wrong")
        }
    }

    /// Start-up opens entries a chunk at a time on another thread while it
    /// applies the previous chunk: later entries must still win, and damage
    /// in a later chunk must still stop start-up, naming where it is.
    @Test func journalOfSeveralReplayChunks_replaysInOrder_andDamageInALaterChunkFailsOpening() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let count = 2 * JournalCodec.Contents.replayChunk + 10
        _ = try await signInUsers(count, into: store)
        let first = try #require(store.user(id: "user-0")).tokens
        let renewed = StoreFixtures.makeTokens("renewed")
        guard case .done = try await store.updateTokens(userID: "user-0", from: first, to: renewed, binding: StoreFixtures.binding) else {
            Issue.record("the refresh of user-0 was not written")
            return
        }
        try await store.deleteUser("user-5")
        let lastEntry = StoreFixtures.size(of: directory.journal)
        try await StoreFixtures.signIn(store, userID: "user-last")
        await store.close()

        let reopened = try StoreFixtures.makeStore(directory)
        #expect(reopened.userCount() == count)
        #expect(reopened.user(id: "user-0")?.tokens.accessToken == renewed.accessToken)
        #expect(reopened.user(id: "user-5") == nil)
        #expect(reopened.user(id: "user-\(count - 1)") != nil && reopened.user(id: "user-last") != nil)
        await reopened.close()

        var bytes = StoreFixtures.readBytes(directory.journal)
        bytes[lastEntry + JournalCodec.lengthFieldSize + 20] ^= 0x01
        StoreFixtures.writeBytes(bytes, to: directory.journal)
        #expect { try StoreFixtures.makeStore(directory) } throws: { error in
            guard case StoreError.recordFailedAuthentication(let path, let offset) = error else { return false }
            return path == directory.journal && offset == lastEntry
        }
    }

    @Test func wrongKey_failsOpening_insteadOfStartingEmpty() async throws {
        let store = try StoreFixtures.makeStore(directory)
        _ = try await signInUsers(1, into: store)
        await store.close()

        #expect(throws: StoreError.self) { try StoreFixtures.makeStore(directory, key: SecureRandom.bytes(count: 32)) }
        #expect(try StoreFixtures.makeStore(directory).users().count == 1)
    }

    @Test func fileThatIsNotAJournal_failsOpening() throws {
        try FileManager.default.createDirectory(atPath: directory.dataDir, withIntermediateDirectories: false)
        StoreFixtures.writeBytes(Array("{\"users\":[]}".utf8), to: directory.journal)

        #expect { try StoreFixtures.makeStore(directory) } throws: { error in
            guard case StoreError.notAJournal(let path) = error else { return false }
            return path == directory.journal
        }
    }

    /// The failed sign-in is large, so a partial write of it reaches past
    /// where the next, smaller append ends.
    @Test(arguments: [0, 100, 3_000])
    func failedWrite_leavesMemoryAsItWas_andLaterChangesStillPersist(bytesBeforeFailing: Int) async throws {
        let writes = FailingWrites(bytesBeforeFailing: bytesBeforeFailing)
        let store = try StoreFixtures.makeStore(directory, writes: writes)
        let first = try await signInUsers(1, into: store)[0]
        let lost = SessionID.generate()
        var largeTokens = StoreFixtures.makeTokens()
        largeTokens.accessToken += String(repeating: "x", count: 5_000)

        writes.set(failing: true)
        await #expect(throws: StoreError.self) {
            try await store.signIn(
                profile: StoreFixtures.makeProfile(id: "user-lost"), tokens: largeTokens, binding: StoreFixtures.binding, subject: nil, newSession: lost, replacing: first
            )
        }
        await #expect(throws: StoreError.self) { try await store.deleteUser("user-0") }
        #expect(store.user(forSession: first)?.profile.id == "user-0")
        #expect(store.user(forSession: lost) == nil)
        #expect(store.users().map(\.profile.id) == ["user-0"])
        #expect(await store.isWritable() == false)

        writes.set(failing: false)
        #expect(await store.isWritable())
        let later = SessionID.generate()
        try await StoreFixtures.signIn(store, userID: "user-later", session: later)
        await store.close()
        let reopened = try StoreFixtures.makeStore(directory)
        #expect(reopened.users().map(\.profile.id) == ["user-0", "user-later"])
        #expect(reopened.user(forSession: first) != nil)
        #expect(reopened.user(forSession: later) != nil)
        #expect(reopened.user(forSession: lost) == nil)
    }

    @Test func unreadableJournal_failsOpening_namingThePathAndReason() throws {
        try FileManager.default.createDirectory(atPath: directory.journal, withIntermediateDirectories: true)

        #expect { try StoreFixtures.makeStore(directory) } throws: { error in
            "\(error)".contains(directory.journal) && "\(error)".contains("Is a directory")
        }
    }
}
