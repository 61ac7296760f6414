import FoundationEssentials

/// How long tokens are trusted (CONTRACT §1, §4), from the configuration's
/// `refresh_skew_seconds` and `refresh_token_lifetime_days`. The access
/// token's life always comes from `expires_in`.
public struct TokenLifetimes: Sendable {
    /// Frame.io's refresh tokens live 30 days.
    public var refreshToken: TimeInterval = 30 * 86_400
    /// An access token expiring within this many seconds is refreshed before it is handed out.
    public var refreshSkew: TimeInterval = 60

    public init() {}
}
