import FoundationEssentials

/// `/session`'s answer: who, which scope, until when; never a token.
struct SessionDescription: Encodable {
    let user: UserProfile
    let scope: String
    let expiresAt: Date

    init(_ stored: StoredUser) {
        user = stored.profile
        scope = stored.tokens.scope
        expiresAt = stored.tokens.expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case user, scope
        case expiresAt = "expires_at"
    }
}
