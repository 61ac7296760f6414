@testable import FrameAuth
import Foundation
import Testing

@Suite struct UserProfileTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func absentEmailAndName_areWrittenAsNull_soEveryAnswerHasTheSameKeys() throws {
        #expect(try Self.json(UserProfile(id: "u1")) == #"{"email":null,"id":"u1","name":null}"#)
        #expect(try Self.json(UserProfile(id: "u1", email: "a@b.c", name: "A")) == #"{"email":"a@b.c","id":"u1","name":"A"}"#)
    }

    @Test func theSessionAndTheUserList_describeAUserAlike() throws {
        let user = StoredUser(profile: UserProfile(id: "u1", email: nil, name: "A"),
                              tokens: TokenSet(accessToken: "secret-access", refreshToken: "secret-refresh", tokenType: "bearer", scope: "offline",
                                               expiresAt: Date(timeIntervalSince1970: 1_750_000_000), refreshExpiresAt: nil),
                              updatedAt: Date(timeIntervalSince1970: 1_749_999_000), binding: nil, subject: nil)
        let session = try Self.json(SessionDescription(user))
        let entry = try Self.json(UserList.Entry(user))
        #expect(session.contains(#""user":{"email":null,"id":"u1","name":"A"}"#))
        #expect(entry.hasPrefix(#"{"email":null,"#) && entry.contains(#""id":"u1","name":"A","refresh_expires_at":null,"scope":"offline""#))
        // Never a token.
        #expect(!session.contains("secret") && !entry.contains("secret"))
    }
}
