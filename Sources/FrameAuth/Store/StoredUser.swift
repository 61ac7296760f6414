import FoundationEssentials

/// A signed-in Frame.io user: who they are, their current tokens, and where
/// those tokens came from.
public struct StoredUser: Sendable, Decodable {
    public var profile: UserProfile
    public var tokens: TokenSet
    /// When the tokens were last replaced (sign-in or refresh).
    public var updatedAt: Date
    /// Nil for a user stored before bindings were recorded (a legacy session).
    public var binding: SessionBinding?
    /// The id_token's validated `sub`, for an OpenID Connect sign-in.
    public var subject: String?

    public init(profile: UserProfile, tokens: TokenSet, updatedAt: Date, binding: SessionBinding?, subject: String?) {
        self.profile = profile
        self.tokens = tokens
        self.updatedAt = updatedAt
        self.binding = binding
        self.subject = subject
    }
}
