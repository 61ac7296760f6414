/// A successful access token response (RFC 6749 §5.1), checked field by field.
public struct TokenResponse: Sendable, Equatable {
    public let accessToken: String
    public let tokenType: String
    /// Seconds; always taken from the response, never assumed.
    public let expiresIn: Int
    public let refreshToken: String?
    /// As granted; the requested scope when the response leaves it out (RFC 6749 §5.1).
    public let scope: String

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
        guard let expiresIn = wire.expires_in, expiresIn > 0 else { throw .malformed("token response has no positive expires_in") }
        if let refresh = wire.refresh_token, refresh.isEmpty { throw .malformed("token response's refresh_token is empty") }
        let scope = wire.scope.flatMap { $0.isEmpty ? nil : $0 } ?? requestedScope
        return TokenResponse(accessToken: accessToken, tokenType: "bearer", expiresIn: expiresIn, refreshToken: wire.refresh_token, scope: scope)
    }
}
