/// A successful access token response (RFC 6749 §5.1), checked field by field.
public struct TokenResponse: Sendable, Equatable {
    public let accessToken: String
    public let tokenType: String
    /// Seconds; always taken from the response, never assumed, and at most
    /// `maxExpiresIn`.
    public let expiresIn: Int
    public let refreshToken: String?
    /// As granted; the requested scope when the response leaves it out (RFC 6749 §5.1).
    public let scope: String
    /// An OpenID Connect id_token, unverified until the provider checks it.
    public let idToken: String?

    /// The longest life an access token is taken to have: a week. Frame.io's
    /// live an hour and Adobe IMS's a day; a larger `expires_in` (a provider
    /// bug, or a hostile endpoint) is cut to this, so a token still falls due
    /// and every date computed from it stays far inside what `Date` and `Int`
    /// hold.
    public static let maxExpiresIn = 7 * 86_400

    /// Decodes a 200 answer; anything else is the caller's to classify.
    static func decode(_ body: [UInt8], contentType: String?, requestedScope: String) throws(TokenEndpointError) -> TokenResponse {
        guard let contentType, contentType.lowercased().hasPrefix("application/json") else {
            throw .malformed("token response is not JSON (content type \(contentType.map { String($0.prefix(40)) } ?? "none"))")
        }
        guard let wire = OAuthWireFormats.decode(OAuthWireFormats.Token.self, from: body) else {
            throw .malformed("token response is not a JSON object of the expected shape")
        }
        guard let accessToken = wire.access_token, !accessToken.isEmpty else { throw .malformed("token response has no access_token") }
        guard wire.token_type?.lowercased() == "bearer" else { throw .malformed("token response's token_type is not bearer") }
        let expiresIn: Int
        switch wire.expires_in {
        case .whole(let seconds) where seconds > 0: expiresIn = min(seconds, Self.maxExpiresIn)
        case .whole: throw .malformed("token response's expires_in is not positive")
        case .notWhole: throw .malformed("token response's expires_in is not a whole number of seconds")
        case .notANumber: throw .malformed("token response's expires_in is not a number")
        case nil: throw .malformed("token response has no expires_in")
        }
        if let refresh = wire.refresh_token, refresh.isEmpty { throw .malformed("token response's refresh_token is empty") }
        let scope = wire.scope.flatMap { $0.isEmpty ? nil : $0 } ?? requestedScope
        return TokenResponse(accessToken: accessToken, tokenType: "bearer", expiresIn: expiresIn, refreshToken: wire.refresh_token,
                             scope: scope, idToken: wire.id_token)
    }
}
