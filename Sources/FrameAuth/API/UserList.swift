import FoundationEssentials

/// `GET /api/users`: who is stored, never their tokens.
struct UserList: Encodable {
    /// One user: who (`UserProfile`'s fields) and what their tokens allow, until when.
    struct Entry: Encodable {
        let profile: UserProfile
        let scope: String
        let expiresAt: Date
        let refreshExpiresAt: Date?

        init(_ user: StoredUser) {
            profile = user.profile
            scope = user.tokens.scope
            expiresAt = user.tokens.expiresAt
            refreshExpiresAt = user.tokens.refreshExpiresAt
        }

        /// The profile's keys and these side by side in one object; absent
        /// values are written as null, not left out.
        func encode(to encoder: any Encoder) throws {
            try profile.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(scope, forKey: .scope)
            try container.encode(expiresAt, forKey: .expiresAt)
            try container.encode(refreshExpiresAt, forKey: .refreshExpiresAt)
        }

        enum CodingKeys: String, CodingKey {
            case scope
            case expiresAt = "expires_at"
            case refreshExpiresAt = "refresh_expires_at"
        }
    }

    let users: [Entry]
}
