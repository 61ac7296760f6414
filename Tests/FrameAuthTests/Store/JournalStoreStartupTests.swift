import Foundation
import Glibc
import Testing
@testable import FrameAuth

/// What opening a store does to the journal it finds: continue it as it is,
/// or rewrite it first.
@Suite struct JournalStoreStartupTests {
    let directory = TemporaryDirectory()

    private func inode(of path: String) -> ino_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_ino : 0
    }

    @Test func wholeJournal_isContinuedAsItIs_notRewritten() async throws {
        let store = try StoreFixtures.makeStore(directory)
        for index in 0..<3 { try await StoreFixtures.signIn(store, userID: "user-\(index)") }
        await store.close()
        let before = StoreFixtures.readBytes(directory.journal)
        let inodeBefore = inode(of: directory.journal)

        let reopened = try StoreFixtures.makeStore(directory)
        let unchanged = StoreFixtures.readBytes(directory.journal) == before
        #expect(unchanged)
        #expect(inode(of: directory.journal) == inodeBefore)

        let later = SessionID.generate()
        try await StoreFixtures.signIn(reopened, userID: "user-later", session: later)
        await reopened.close()
        let after = StoreFixtures.readBytes(directory.journal)
        let continued = after.count > before.count && Array(after.prefix(before.count)) == before
        #expect(continued)
        let third = try StoreFixtures.makeStore(directory)
        #expect(third.users().map(\.profile.id) == ["user-0", "user-1", "user-2", "user-later"])
        #expect(third.user(forSession: later)?.profile.id == "user-later")
    }

    /// Expired sessions stop counting as live at start-up, so a journal that
    /// is mostly expired sessions is worth compacting, and is.
    @Test func journalOfMostlyExpiredSessions_isCompactedAtStart() async throws {
        let clock = TestClock()
        let store = try StoreFixtures.makeStore(directory, clock: clock)
        let tokens = StoreFixtures.makeTokens()
        // Sign-ins from 4,000 browsers: about 1.1 MiB, past the compaction slack.
        for _ in 0..<4_000 { try await StoreFixtures.signIn(store, tokens: tokens) }
        await store.close()
        let before = StoreFixtures.size(of: directory.journal)
        try #require(before > JournalStore.compactionSlack)

        clock.advance(by: 30 * 86_400)
        let reopened = try StoreFixtures.makeStore(directory, clock: clock)

        #expect(StoreFixtures.size(of: directory.journal) < 1_024)
        #expect(reopened.sessionCount == 0)
        #expect(reopened.user(id: "user-1")?.tokens.accessToken == tokens.accessToken)
    }

    @Test func format1Journal_opensWithEverything_andIsRewrittenInFormat3() async throws {
        try FileManager.default.createDirectory(atPath: directory.dataDir, withIntermediateDirectories: false)
        StoreFixtures.writeBytes(Format1JournalFixture.bytes, to: directory.journal)
        let log = LogRecorder()
        let store = try StoreFixtures.makeStore(directory, key: Format1JournalFixture.key, log: log)

        #expect(log.all.contains { $0.contains(directory.journal) && $0.contains("format 1; rewriting it in format 3") })
        #expect(StoreFixtures.readBytes(directory.journal).prefix(4) == ArraySlice("FAJ3".utf8))
        await store.close()

        let quietLog = LogRecorder()
        for candidate in [store, try StoreFixtures.makeStore(directory, key: Format1JournalFixture.key, log: quietLog)] {
            #expect(candidate.users().map(\.profile.id) == ["user-1", "user-2"])
            let first = try #require(candidate.user(id: "user-1"))
            #expect(first.profile == UserProfile(id: "user-1", email: "one@example.test", name: "Ünïcode Üser"))
            #expect(first.tokens.accessToken == "access-1-refreshed" && first.tokens.refreshToken == "refresh-1-refreshed")
            #expect(first.tokens.expiresAt == Date(timeIntervalSince1970: 1_750_003_600))
            #expect(first.tokens.refreshExpiresAt == Date(timeIntervalSince1970: 1_750_090_000))
            #expect(first.updatedAt == Date(timeIntervalSince1970: 1_750_000_060))
            let second = try #require(candidate.user(id: "user-2"))
            #expect(second.tokens.accessToken == "access-2b" && second.tokens.refreshToken == nil)
            #expect(candidate.hasEnded("user-4"))
            #expect(!candidate.hasEnded("user-3"))
            let owners = await ["A", "B", "C", "D", "E"].asyncMap { letter in
                candidate.user(forSession: Format1JournalFixture.sessionID(Character(letter)))?.profile.id
            }
            #expect(owners == ["user-1", nil, "user-2", nil, nil])
        }
        #expect(quietLog.all.isEmpty)
    }

    @Test func journalOfAnUnknownFormat_failsOpening_sayingSo() throws {
        try FileManager.default.createDirectory(atPath: directory.dataDir, withIntermediateDirectories: false)
        StoreFixtures.writeBytes(Array("FAJ9".utf8) + [UInt8](repeating: 7, count: 16), to: directory.journal)

        #expect { try StoreFixtures.makeStore(directory) } throws: { error in
            guard case StoreError.unknownJournalFormat(let path) = error else { return false }
            return path == directory.journal && "\(error)".contains("newer version")
        }
    }

    /// The format is bound into every entry's authentication, so relabelling
    /// a format-3 file as an older format cannot make its records be read
    /// another way (as JSON, or without their key id).
    @Test(arguments: ["1", "2"])
    func format3JournalRelabelledAsAnOlderFormat_failsAuthentication(format: String) async throws {
        let store = try StoreFixtures.makeStore(directory)
        try await StoreFixtures.signIn(store)
        await store.close()
        var bytes = StoreFixtures.readBytes(directory.journal)
        bytes[3] = Array(format.utf8)[0]
        StoreFixtures.writeBytes(bytes, to: directory.journal)

        #expect { try StoreFixtures.makeStore(directory) } throws: { error in
            guard case StoreError.recordFailedAuthentication = error else { return false }
            return true
        }
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var results: [T] = []
        for element in self { results.append(await transform(element)) }
        return results
    }
}
