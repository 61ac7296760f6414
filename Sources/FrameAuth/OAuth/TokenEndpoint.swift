/// Requests to Frame.io's token endpoint, with the client authentication
/// the app kind calls for (CONTRACT §1):
/// - confidential: `Authorization: Basic` (RFC 6749 §2.3.1), never the secret in the body;
/// - PKCE: no Authorization header, `client_id` in the body (RFC 6749 §3.2.1).
struct TokenEndpoint: Sendable {
    let settings: OAuthSettings
    let client: HTTPClient
    let metrics: OAuthMetrics

    /// Exchanges an authorization code, once: a code is single-use, so a
    /// failed exchange is reported, never retried (RFC 6749 §4.1.2).
    func exchange(code: String, pkceVerifier: String?) async throws(TokenEndpointError) -> TokenResponse {
        var form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", settings.redirectURI)]
        if let pkceVerifier { form.append(("code_verifier", pkceVerifier)) }
        return try await post(form, grant: .authorizationCode)
    }

    /// Refreshes an access token (RFC 6749 §6) with the same client
    /// authentication as the code exchange.
    func refresh(refreshToken: String, scope: String) async throws(TokenEndpointError) -> TokenResponse {
        try await post([("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", scope)], grant: .refreshToken)
    }

    private func post(_ form: [(String, String)], grant: OAuthMetrics.Grant) async throws(TokenEndpointError) -> TokenResponse {
        var form = form
        var basicAuth: (user: String, password: String)?
        if let secret = settings.clientSecret {
            basicAuth = (settings.clientID, secret)
        } else {
            form.append(("client_id", settings.clientID))
        }
        let response: HTTPClientResponse
        let started = ContinuousClock.now
        defer { metrics.observeTokenRequest(grant, took: ContinuousClock.now - started) }
        do {
            response = try await client.formPost(url: settings.tokenURL, form: form, basicAuth: basicAuth)
        } catch {
            throw error == .responseTooLarge(limit: client.configuration.maxResponseBytes)
                ? .malformed("token response larger than \(client.configuration.maxResponseBytes) bytes")
                : .unavailable(error.description)
        }
        switch response.status {
        case 200:
            return try TokenResponse.decode(response.body, contentType: response.contentType, requestedScope: settings.scopes)
        case 400..<500:
            throw .rejected(status: response.status, oauthError: TokenEndpointError.errorCode(in: response.body))
        default:
            throw .unavailable("HTTP \(response.status)")
        }
    }
}
