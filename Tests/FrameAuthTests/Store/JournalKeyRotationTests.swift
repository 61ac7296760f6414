import Foundation
import Testing
@testable import FrameAuth

/// Changing the encryption key of a single instance (CONTRACT §9): the
/// journal sealed with the previous key opens, is sealed again with the new
/// one, and a key that is missing stops the store with the count and changes
/// nothing.
@Suite struct JournalKeyRotationTests {
    let directory = TemporaryDirectory()
    static let oldKey = SecureRandom.bytes(count: 32)
    static let newKey = SecureRandom.bytes(count: 32)

    private func storeWithTwoUsers(key: [UInt8] = oldKey) async throws -> [String: String] {
        let store = try StoreFixtures.makeStore(directory, key: key)
        var accessTokens: [String: String] = [:]
        for id in ["user-1", "user-2"] {
            let tokens = StoreFixtures.makeTokens(id)
            try await StoreFixtures.signIn(store, userID: id, tokens: tokens)
            accessTokens[id] = tokens.accessToken
        }
        await store.close()
        return accessTokens
    }

    private func keyID(inHeaderOf path: String) -> [UInt8] {
        Array(StoreFixtures.readBytes(path)[JournalCodec.magicLength..<(JournalCodec.magicLength + KeyID.length)])
    }

    @Test func aJournalSealedWithAPreviousKey_opens_andIsSealedAgainWithTheNewKey() async throws {
        let accessTokens = try await storeWithTwoUsers()
        #expect(keyID(inHeaderOf: directory.journal) == KeyID(of: Self.oldKey).bytes)

        let log = LogRecorder()
        let rotated = try StoreFixtures.makeStore(directory, key: Self.newKey, previousKeys: [Self.oldKey], log: log)
        #expect(rotated.user(id: "user-1")?.tokens.accessToken == accessTokens["user-1"])
        #expect(keyID(inHeaderOf: directory.journal) == KeyID(of: Self.newKey).bytes)
        #expect(log.all.contains {
            $0.contains("2 users and their sessions are sealed with a previous key (id \(KeyID(of: Self.oldKey)))")
                && $0.contains("encryption key (id \(KeyID(of: Self.newKey)))")
        })
        #expect(log.all.contains { $0.contains("0 records left sealed with a previous key; FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS can be removed") })
        try await StoreFixtures.signIn(rotated, userID: "user-3")
        await rotated.close()

        // The old key is no longer needed: the new key alone opens everything.
        let withoutOldKey = try StoreFixtures.makeStore(directory, key: Self.newKey)
        #expect(withoutOldKey.users().map(\.profile.id) == ["user-1", "user-2", "user-3"])
        #expect(withoutOldKey.user(id: "user-2")?.tokens.accessToken == accessTokens["user-2"])
    }

    @Test func withoutThePreviousKey_openingStops_namingItsIDAndTheEntries_andChangesNothing() async throws {
        _ = try await storeWithTwoUsers()
        let before = StoreFixtures.readBytes(directory.journal)

        #expect { try StoreFixtures.makeStore(directory, key: Self.newKey, previousKeys: [SecureRandom.bytes(count: 32)]) } throws: { error in
            guard case StoreError.journalKeyMissing(let path, let id, let entries) = error else { return false }
            let line = "\(error)"
            return path == directory.journal && id == KeyID(of: Self.oldKey) && entries == 2
                && line.contains("id is \(KeyID(of: Self.oldKey))") && line.contains("its 2 entries")
                && line.contains("FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS") && !line.contains(Data(Self.oldKey).base64EncodedString())
        }
        #expect(StoreFixtures.readBytes(directory.journal) == before)
        // With the right key it still opens.
        #expect(try StoreFixtures.makeStore(directory, key: Self.oldKey).userCount() == 2)
    }

    /// The journal is sealed again by writing a new file and renaming it over
    /// the old one: a failure (or a kill) before the rename leaves the old
    /// journal whole, and the next start does it again.
    @Test func aFailureWhileSealingAgain_leavesTheOldJournalWhole() async throws {
        let accessTokens = try await storeWithTwoUsers()
        let before = StoreFixtures.readBytes(directory.journal)
        let writes = FailingWrites(bytesBeforeFailing: 40)
        writes.set(failing: true)

        #expect(throws: StoreError.self) {
            try StoreFixtures.makeStore(directory, key: Self.newKey, previousKeys: [Self.oldKey], writes: writes)
        }
        #expect(StoreFixtures.readBytes(directory.journal) == before)

        let reopened = try StoreFixtures.makeStore(directory, key: Self.newKey, previousKeys: [Self.oldKey])
        #expect(reopened.user(id: "user-1")?.tokens.accessToken == accessTokens["user-1"])
        #expect(keyID(inHeaderOf: directory.journal) == KeyID(of: Self.newKey).bytes)
    }

    /// A journal from before key ids (format 2) names no key: every key of
    /// the ring is tried on it, and it is rewritten in format 3 with the new key.
    @Test func aFormat2JournalSealedWithAPreviousKey_opens_andIsRewrittenWithTheNewKey() async throws {
        try FileManager.default.createDirectory(atPath: directory.dataDir, withIntermediateDirectories: false)
        let tokens = StoreFixtures.makeTokens()
        let user = StoredUser(profile: StoreFixtures.makeProfile(id: "user-1"), tokens: tokens,
                              updatedAt: Date(timeIntervalSince1970: 1_750_000_000), binding: StoreFixtures.binding, subject: nil)
        StoreFixtures.writeBytes(try Self.format2Journal(of: [.user(user)], key: Self.oldKey), to: directory.journal)

        #expect(throws: StoreError.self) { try StoreFixtures.makeStore(directory, key: Self.newKey) }
        let store = try StoreFixtures.makeStore(directory, key: Self.newKey, previousKeys: [Self.oldKey])
        #expect(store.user(id: "user-1")?.tokens.accessToken == tokens.accessToken)
        #expect(StoreFixtures.readBytes(directory.journal).prefix(4) == ArraySlice("FAJ3".utf8))
        #expect(keyID(inHeaderOf: directory.journal) == KeyID(of: Self.newKey).bytes)
    }

    /// Format 2 as FrameAuth wrote it: "FAJ2", a file id, and entries whose
    /// associated data is the label, the file id and the entry's offset.
    static func format2Journal(of records: [JournalRecord], key: [UInt8]) throws -> [UInt8] {
        let fileID = SecureRandom.bytes(count: JournalCodec.fileIDLength)
        let header = Array("FAJ2".utf8) + fileID
        let offset = UInt64(header.count)
        let associatedData = Array("frameauth-journal-v2".utf8) + fileID + withUnsafeBytes(of: offset.bigEndian, Array.init)
        let sealed = try AESGCM(key: key).seal(JournalRecord.encode(records), associatedData: associatedData)
        let length = UInt32(sealed.count)
        return header + withUnsafeBytes(of: length.bigEndian, Array.init) + withUnsafeBytes(of: (~length).bigEndian, Array.init) + sealed
    }
}
