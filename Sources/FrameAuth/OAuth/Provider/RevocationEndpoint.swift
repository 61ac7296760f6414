/// RFC 7009 token revocation at the provider, with the same client
/// authentication as the token endpoint (CONTRACT §7).
struct RevocationEndpoint: Sendable {
    let url: String
    let authentication: ClientAuthentication
    let client: HTTPClient

    /// Revokes the refresh token first, then the access token (RFC 7009
    /// §2.1: revoking the refresh token may take the grant's access tokens
    /// with it, and the access token alone may not be revocable). Both are
    /// tried whatever the first one's outcome; the first failure is thrown.
    func revoke(_ tokens: TokenSet) async throws(TokenEndpointError) {
        var failure: TokenEndpointError?
        if let refreshToken = tokens.refreshToken {
            do { try await revoke(refreshToken, hint: "refresh_token") } catch { failure = error }
        }
        do { try await revoke(tokens.accessToken, hint: "access_token") } catch { failure = failure ?? error }
        if let failure { throw failure }
    }

    private func revoke(_ token: String, hint: String) async throws(TokenEndpointError) {
        var form = [("token", token), ("token_type_hint", hint)]
        let basicAuth = authentication.authenticate(&form)
        // RFC 7009 §2.2: 200 whether or not the token was still valid; the body says nothing.
        _ = try await TokenEndpointError.call { () async throws(HTTPClientError) in try await client.formPost(url: url, form: form, basicAuth: basicAuth) }
    }
}
