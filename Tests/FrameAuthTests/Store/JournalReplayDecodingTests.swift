import Foundation
import Testing
@testable import FrameAuth

/// Start-up's reading of journal entries (`JournalRecord.decodeForReplay`):
/// users left packed must read back as `decode` reads them, bindings are
/// shared only when their bytes are the same, and damage is refused as
/// `decode` refuses it.
@Suite struct JournalReplayDecodingTests {
    private typealias Fixtures = JournalRecordEncodingTests

    static func replay(_ bytes: [UInt8]) throws(ByteReader.Malformed) -> [ReplayedRecord] {
        var bindings = ReplayBindings()
        var records: [ReplayedRecord] = []
        try JournalRecord.decodeForReplay(bytes, bindings: &bindings, into: &records)
        return records
    }

    private static func packedUsers(_ records: [ReplayedRecord]) -> [PackedUser] {
        records.compactMap { if case .packedUser(let user) = $0 { user } else { nil } }
    }

    @Test func everyKind_replaysAsDecodeReadsIt_usersPacked() throws {
        let records = try Self.replay(JournalRecord.encode(Fixtures.everyKind))

        try #require(records.count == 6)
        let users = Self.packedUsers(records)
        try #require(users.count == 2, "both users stay packed")
        for (packed, original) in zip(users, [Fixtures.fullUser, Fixtures.bareUser]) {
            let read = packed.user
            #expect(packed.id == original.profile.id && read.profile == original.profile)
            #expect(read.tokens.accessToken == original.tokens.accessToken && read.tokens.refreshToken == original.tokens.refreshToken)
            #expect(read.tokens.tokenType == original.tokens.tokenType && read.tokens.scope == original.tokens.scope)
            #expect(read.tokens.expiresAt == original.tokens.expiresAt)
            #expect(read.tokens.refreshExpiresAt == original.tokens.refreshExpiresAt)
            #expect(read.updatedAt == original.updatedAt)
            #expect(read.binding == original.binding && read.subject == original.subject)
        }
        guard case .decoded(.session(let session)) = records[2], case .decoded(.endSession(let ended)) = records[3],
            case .decoded(.deleteUser(let deleted)) = records[4], case .decoded(.endUser(let endedUser)) = records[5]
        else {
            Issue.record("the other kinds came back otherwise: \(records)")
            return
        }
        #expect(session.digest == Fixtures.digest && session.userID == Fixtures.session.userID)
        #expect(ended == Fixtures.digest && deleted == "gone" && endedUser == "ended")
    }

    /// Start-up reuses one array from entry to entry: decoding appends.
    @Test func decoding_appendsAfterTheRecordsAlreadyThere() throws {
        var bindings = ReplayBindings()
        var records: [ReplayedRecord] = []
        try JournalRecord.decodeForReplay(JournalRecord.encode([.deleteUser(id: "first")]), bindings: &bindings, into: &records)
        try JournalRecord.decodeForReplay(JournalRecord.encode([.endUser(id: "second"), .deleteUser(id: "third")]),
                                          bindings: &bindings, into: &records)

        let ids = records.map { record -> String in
            switch record {
            case .decoded(.deleteUser(let id)), .decoded(.endUser(let id)): id
            default: "another kind"
            }
        }
        #expect(ids == ["first", "second", "third"])
    }

    /// A sign-in's session names its user again: the id read with the user
    /// is kept for the session (one string's storage), while a session of
    /// another user keeps its own id.
    @Test func aSessionAfterItsUser_sharesTheUsersID_anotherUsersSessionDoesNot() throws {
        var user = Fixtures.fullUser
        user.profile = UserProfile(id: "a-user-id-stored-outside-the-string")
        var own = Fixtures.session
        own.userID = user.profile.id
        var other = Fixtures.session
        other.userID = "another-user-id-stored-outside-the-string"

        let records = try Self.replay(JournalRecord.encode([.user(user), .session(own), .session(other)]))

        guard case .packedUser(let packed) = records.first, case .decoded(.session(let first)) = records[1],
              case .decoded(.session(let second)) = records[2] else {
            Issue.record("not a user and two sessions: \(records)")
            return
        }
        #expect(first.userID == user.profile.id && second.userID == other.userID)
        #expect(Self.storage(of: first.userID) == Self.storage(of: packed.id), "the session keeps the user's id")
        #expect(Self.storage(of: second.userID) != Self.storage(of: packed.id))
    }

    private static func storage(of text: String) -> UnsafeRawPointer? {
        var text = text
        return text.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func usersWithTheSameBinding_shareOneInstance_andAnotherBindingIsItsOwn() throws {
        var second = Fixtures.fullUser
        second.profile = UserProfile(id: "user-2")
        second.binding = SessionBinding(provider: "frameio-v4", issuer: "https://ims.example", tokenURL: "https://ims.example/token", clientID: "c-1")
        var third = Fixtures.fullUser
        third.profile = UserProfile(id: "user-3")
        third.binding = SessionBinding(provider: "frameio-v4", issuer: "https://ims.example", tokenURL: "https://ims.example/token", clientID: "c-2")

        let users = Self.packedUsers(try Self.replay(JournalRecord.encode([.user(Fixtures.fullUser), .user(second), .user(third)])))

        try #require(users.count == 3)
        let bindings = users.map(\.binding)
        #expect(bindings[0] != nil && bindings[0] === bindings[1], "equal bytes: one instance")
        #expect(bindings[2]?.clientID == "c-2" && bindings[2] !== bindings[1])
    }

    /// A kind-1 user (written before bindings) is decoded as `decode` reads
    /// it: no binding, no subject.
    @Test func aUserWrittenBeforeBindings_isDecoded_withNoBinding() throws {
        var old = JournalRecord.encode([.user(Fixtures.bareUser)])
        old.removeLast(2)
        old[0] = 1

        guard case .decoded(.user(let user)) = try #require(try Self.replay(old).first) else {
            Issue.record("not a decoded user record")
            return
        }
        #expect(user.profile == Fixtures.bareUser.profile && user.binding == nil && user.subject == nil)
    }

    /// A packed user's fields are checked as they are skipped: a presence
    /// byte that `decode` refuses is refused here too.
    @Test func aBadPresenceByteInAPackedUser_isRefused() {
        var damaged = JournalRecord.encode([.user(Fixtures.fullUser)])
        // kind, the id's length and bytes, then the email's presence byte
        let emailPresence = 1 + 4 + Fixtures.fullUser.profile.id.utf8.count
        #expect(damaged[emailPresence] == 1)
        damaged[emailPresence] = 2
        #expect(throws: ByteReader.Malformed.self) { try JournalRecord.decode(damaged) }
        #expect(throws: ByteReader.Malformed.self) { try Self.replay(damaged) }
    }
}
