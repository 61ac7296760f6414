import Foundation
import Testing
@testable import FrameAuth

@Suite struct JournalRecordEncodingTests {
    static let digest = SessionDigest(bytes: SHA256.digest(Array("cookie".utf8)))
    static let fullUser = StoredUser(
        profile: UserProfile(id: "user-ü-1", email: "one@example.test", name: "Zoë \"Q\" O'Neil 🙂"),
        tokens: TokenSet(
            accessToken: "access", refreshToken: "refresh", tokenType: "bearer", scope: "offline account.read",
            expiresAt: Date(timeIntervalSinceReferenceDate: 800_000_000.123_456_789),
            refreshExpiresAt: Date(timeIntervalSinceReferenceDate: -1.5)
        ),
        updatedAt: Date(timeIntervalSinceReferenceDate: 799_999_999.000_001),
        binding: SessionBinding(provider: "frameio-v4", issuer: "https://ims.example", tokenURL: "https://ims.example/token", clientID: "c-1"),
        subject: "sub-ü@AdobeID"
    )
    static let bareUser = StoredUser(
        profile: UserProfile(id: ""),
        tokens: TokenSet(
            accessToken: "a", refreshToken: nil, tokenType: "", scope: "",
            expiresAt: Date(timeIntervalSinceReferenceDate: 0), refreshExpiresAt: nil
        ),
        updatedAt: Date(timeIntervalSinceReferenceDate: 1),
        binding: nil, subject: nil
    )
    static let session = BrowserSession(
        digest: digest, userID: "user-ü-1",
        createdAt: Date(timeIntervalSinceReferenceDate: 700_000_000.25), expiresAt: Date(timeIntervalSinceReferenceDate: 702_592_000.25)
    )
    static let everyKind: [JournalRecord] = [
        .user(fullUser), .user(bareUser), .session(session), .endSession(digest), .deleteUser(id: "gone"), .endUser(id: "ended"),
    ]

    @Test func everyKindOfRecord_decodesToWhatWasEncoded_fieldByField() throws {
        let decoded = try JournalRecord.decode(JournalRecord.encode(Self.everyKind))

        try #require(decoded.count == 6)
        guard case .user(let full) = decoded[0], case .user(let bare) = decoded[1], case .session(let session) = decoded[2],
            case .endSession(let ended) = decoded[3], case .deleteUser(let deleted) = decoded[4], case .endUser(let endedUser) = decoded[5]
        else {
            Issue.record("kinds came back in another order: \(decoded)")
            return
        }
        #expect(full.profile == Self.fullUser.profile)
        #expect(full.tokens.accessToken == "access" && full.tokens.refreshToken == "refresh")
        #expect(full.tokens.tokenType == "bearer" && full.tokens.scope == "offline account.read")
        #expect(full.tokens.expiresAt == Self.fullUser.tokens.expiresAt)
        #expect(full.tokens.refreshExpiresAt == Self.fullUser.tokens.refreshExpiresAt)
        #expect(full.updatedAt == Self.fullUser.updatedAt)
        #expect(bare.profile == Self.bareUser.profile)
        #expect(bare.tokens.refreshToken == nil && bare.tokens.refreshExpiresAt == nil)
        #expect(session.digest == Self.digest && session.userID == "user-ü-1")
        #expect(session.createdAt == Self.session.createdAt && session.expiresAt == Self.session.expiresAt)
        #expect(ended == Self.digest)
        #expect(deleted == "gone")
        #expect(endedUser == "ended")
    }

    @Test func aUsersBindingAndSubject_comeBackAsWritten() throws {
        guard case .user(let user) = try #require(try JournalRecord.decode(JournalRecord.encode([.user(Self.fullUser)])).first) else {
            Issue.record("not a user record")
            return
        }
        #expect(user.binding == Self.fullUser.binding)
        #expect(user.subject == "sub-ü@AdobeID")
    }

    /// Journals written before bindings were recorded hold users of kind 1:
    /// the same fields, without binding and subject. They read as legacy users.
    @Test func aUserWrittenBeforeBindings_readsWithNoBinding_andIsALegacySession() throws {
        var old = JournalRecord.encode([.user(Self.bareUser)])
        #expect(old.suffix(2) == [0, 0])  // binding and subject absent
        old.removeLast(2)
        old[0] = 1
        guard case .user(let user) = try #require(try JournalRecord.decode(old).first) else {
            Issue.record("not a user record")
            return
        }
        #expect(user.profile == Self.bareUser.profile)
        #expect(user.binding == nil && user.subject == nil)
        let legacy = SessionBinding(provider: "frameio-legacy", issuer: "", tokenURL: "https://applications.frame.io/oauth2/token", clientID: "c")
        let v4 = SessionBinding(provider: "frameio-v4", issuer: "https://ims-na1.adobelogin.com", tokenURL: "https://ims-na1.adobelogin.com/ims/token/v3", clientID: "c")
        #expect(user.tokensBelong(to: legacy))
        #expect(!user.tokensBelong(to: v4))
    }

    @Test func tokensBelong_onlyToTheExactBindingTheyWereIssuedUnder() throws {
        let issued = try #require(Self.fullUser.binding)
        #expect(Self.fullUser.tokensBelong(to: issued))
        let changedOneByOne = [
            SessionBinding(provider: issued.provider + "-changed", issuer: issued.issuer, tokenURL: issued.tokenURL, clientID: issued.clientID),
            SessionBinding(provider: issued.provider, issuer: issued.issuer + "-changed", tokenURL: issued.tokenURL, clientID: issued.clientID),
            SessionBinding(provider: issued.provider, issuer: issued.issuer, tokenURL: issued.tokenURL + "-changed", clientID: issued.clientID),
            SessionBinding(provider: issued.provider, issuer: issued.issuer, tokenURL: issued.tokenURL, clientID: issued.clientID + "-changed"),
        ]
        for other in changedOneByOne {
            #expect(!Self.fullUser.tokensBelong(to: other), "\(other.provider) \(other.issuer) \(other.tokenURL) \(other.clientID)")
        }
        let equalCopy = SessionBinding(provider: issued.provider, issuer: issued.issuer, tokenURL: issued.tokenURL, clientID: issued.clientID)
        #expect(Self.fullUser.tokensBelong(to: equalCopy), "an equal binding, another instance")
    }

    /// Every way an entry can be cut short must be refused, never read as
    /// fewer or different records: by `decode`, and by start-up's reading,
    /// which leaves users packed.
    @Test func everyTruncation_isRefused() {
        let bytes = JournalRecord.encode(Self.everyKind)
        let recordEnds = Set((1...Self.everyKind.count).map { JournalRecord.encode(Array(Self.everyKind.prefix($0))).count })
        for length in 1..<bytes.count where !recordEnds.contains(length) {
            let cut = Array(bytes.prefix(length))
            #expect(throws: ByteReader.Malformed.self, "cut at \(length)") { try JournalRecord.decode(cut) }
            #expect(throws: ByteReader.Malformed.self, "replayed, cut at \(length)") { try JournalReplayDecodingTests.replay(cut) }
        }
    }

    @Test func unknownKind_andBadPresenceByte_areRefused() {
        #expect(throws: ByteReader.Malformed.self) { try JournalRecord.decode([0]) }
        #expect(throws: ByteReader.Malformed.self) { try JournalRecord.decode([7, 0, 0, 0, 0]) }

        var badPresence = JournalRecord.encode([.user(Self.bareUser)])
        // kind, then the id's length (4 bytes, the id is empty), then the email's presence byte
        #expect(badPresence[5] == 0)
        badPresence[5] = 2
        #expect(throws: ByteReader.Malformed.self) { try JournalRecord.decode(badPresence) }
    }

    /// Random damage must end in a refusal or in records, never a crash or a hang.
    @Test func randomlyDamagedEntries_areRefusedOrRead_withoutCrashing() {
        let bytes = JournalRecord.encode(Self.everyKind)
        var generator = SystemRandomNumberGenerator()
        var refused = 0
        for _ in 0..<5_000 {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if (try? JournalRecord.decode(damaged)) == nil { refused += 1 }
        }
        #expect(refused > 0)
    }
}
