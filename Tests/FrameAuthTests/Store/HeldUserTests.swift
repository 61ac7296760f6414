import Foundation
import Testing
@testable import FrameAuth

/// Users as the journal store holds them in memory: packed, and read back
/// field by field as they went in.
@Suite struct HeldUserTests {
    private static func expectSame(_ read: StoredUser, _ original: StoredUser) {
        #expect(read.profile == original.profile)
        #expect(read.tokens.accessToken == original.tokens.accessToken)
        #expect(read.tokens.refreshToken == original.tokens.refreshToken)
        #expect(read.tokens.tokenType == original.tokens.tokenType)
        #expect(read.tokens.scope == original.tokens.scope)
        #expect(read.tokens.expiresAt == original.tokens.expiresAt)
        #expect(read.tokens.refreshExpiresAt == original.tokens.refreshExpiresAt)
        #expect(read.updatedAt == original.updatedAt)
        #expect(read.binding == original.binding)
        #expect(read.subject == original.subject)
    }

    @Test(arguments: [JournalRecordEncodingTests.fullUser, JournalRecordEncodingTests.bareUser])
    func everyField_readsBackAsItWent_in(_ user: StoredUser) {
        let held = HeldUser(PackedUser(user), size: 123, firstSession: nil)
        Self.expectSame(held.user, user)
        #expect(held.size == 123 && held.id == user.profile.id)
    }

    /// The token API reads only the tokens, skipping the profile before them.
    @Test(arguments: [JournalRecordEncodingTests.fullUser, JournalRecordEncodingTests.bareUser])
    func tokensAlone_readBackAsTheyWentIn(_ user: StoredUser) {
        let held = HeldUser(PackedUser(user), size: 1, firstSession: nil)
        #expect(held.tokens.accessToken == user.tokens.accessToken && held.tokens.refreshToken == user.tokens.refreshToken)
        #expect(held.tokens.tokenType == user.tokens.tokenType && held.tokens.scope == user.tokens.scope)
        #expect(held.tokens.expiresAt == user.tokens.expiresAt && held.tokens.refreshExpiresAt == user.tokens.refreshExpiresAt)
        #expect(held.binding == user.binding)
    }

    @Test func aNewFirstSession_keepsTheUser() {
        let digest = SessionDigest(bytes: SHA256.digest(Array("cookie".utf8)))
        let held = HeldUser(PackedUser(JournalRecordEncodingTests.fullUser), size: 1, firstSession: nil)
        let signedIn = held.with(firstSession: digest)
        #expect(signedIn.firstSession == digest && held.firstSession == nil)
        #expect(signedIn.with(firstSession: SessionDigest?.none).firstSession == nil)
        Self.expectSame(signedIn.user, JournalRecordEncodingTests.fullUser)
        #expect(signedIn.size == 1)
    }
}
