import FoundationEssentials

/// A signed-in Frame.io user: who they are and their current tokens.
public struct StoredUser: Sendable, Decodable {
    public var profile: UserProfile
    public var tokens: TokenSet
    /// When the tokens were last replaced (sign-in or refresh).
    public var updatedAt: Date

    public init(profile: UserProfile, tokens: TokenSet, updatedAt: Date) {
        self.profile = profile
        self.tokens = tokens
        self.updatedAt = updatedAt
    }
}
