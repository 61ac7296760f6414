import FoundationEssentials

/// One user's tokens from Frame.io's token endpoint, with absolute expiry times.
///
/// `description` leaves the tokens out, so interpolating a `TokenSet` into a
/// log line cannot leak them.
public struct TokenSet: Sendable, Decodable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessToken: String
    /// Present only when the scope includes `offline`.
    public var refreshToken: String?
    public var tokenType: String
    public var scope: String
    public var expiresAt: Date
    public var refreshExpiresAt: Date?

    public init(
        accessToken: String, refreshToken: String?, tokenType: String, scope: String,
        expiresAt: Date, refreshExpiresAt: Date?
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.tokenType = tokenType
        self.scope = scope
        self.expiresAt = expiresAt
        self.refreshExpiresAt = refreshExpiresAt
    }

    public var description: String {
        "TokenSet(tokenType: \(tokenType), scope: \(scope), expiresAt: \(expiresAt), "
            + "refreshToken: \(refreshToken == nil ? "none" : "redacted"))"
    }

    public var debugDescription: String { description }

    /// The same tokens: nothing replaced them since they were read.
    func isSameGrant(as other: TokenSet) -> Bool {
        accessToken == other.accessToken && refreshToken == other.refreshToken
    }
}
