import FoundationEssentials

extension TokenSet {
    /// The tokens a token response grants at `issuedAt`, at sign-in or at a
    /// refresh: the one place a `TokenSet` is made from an answer.
    ///
    /// A returned refresh token replaces the old one and starts a new life
    /// (rotation); without one, a refresh keeps the old refresh token and
    /// its expiry, and a sign-in has none (an app without refresh tokens).
    init(granted response: TokenResponse, at issuedAt: Date, refreshTokenLifetime: TimeInterval, replacing previous: TokenSet? = nil) {
        let rotated = response.refreshToken
        self.init(
            accessToken: response.accessToken, refreshToken: rotated ?? previous?.refreshToken,
            tokenType: response.tokenType, scope: response.scope,
            expiresAt: issuedAt.addingTimeInterval(TimeInterval(response.expiresIn)),
            refreshExpiresAt: rotated == nil ? previous?.refreshExpiresAt : issuedAt.addingTimeInterval(refreshTokenLifetime)
        )
    }
}
