/// Requests to the provider's token endpoint, with the app's client
/// authentication.
struct TokenEndpoint: Sendable {
    let url: String
    let redirectURI: String
    /// Sent with a refresh, and the scope assumed when an answer leaves it out.
    let scopes: String
    let authentication: ClientAuthentication
    let clients: ProviderClients
    let metrics: OAuthMetrics

    /// Exchanges an authorization code, once: a code is single-use, so a
    /// failed exchange is reported, never retried (RFC 6749 §4.1.2).
    func exchange(code: String, pkceVerifier: String?) async throws(TokenEndpointError) -> TokenResponse {
        var form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI)]
        if let pkceVerifier { form.append(("code_verifier", pkceVerifier)) }
        return try await post(form, grant: .authorizationCode, on: clients.signIns)
    }

    /// Refreshes an access token (RFC 6749 §6) with the same client
    /// authentication as the code exchange.
    func refresh(refreshToken: String, scope: String) async throws(TokenEndpointError) -> TokenResponse {
        try await post([("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", scope)],
                       grant: .refreshToken, on: clients.sessions)
    }

    private func post(_ form: [(String, String)], grant: OAuthMetrics.Grant, on client: HTTPClient) async throws(TokenEndpointError) -> TokenResponse {
        var form = form
        let basicAuth = authentication.authenticate(&form)
        let started = ContinuousClock.now
        defer { metrics.observeTokenRequest(grant, took: ContinuousClock.now - started) }
        let response = try await TokenEndpointError.call { () async throws(HTTPClientError) in
            try await client.formPost(url: url, form: form, basicAuth: basicAuth)
        }
        return try TokenResponse.decode(response.body, contentType: response.contentType, requestedScope: scopes)
    }
}
