import FoundationEssentials

/// The one place that knows how a Frame.io platform signs people in
/// (oauth2-proxy's provider split): the authorize request, the code
/// exchange with its id_token check, the identity call, the refresh and
/// revocation. Everything above it (sign-in flow, token service, routes)
/// is the same for every platform.
///
/// The platforms differ in settings more than in code, so each is a recipe
/// of the same parts, chosen in `init` from the provider kind and settings:
/// - legacy V2: identity from `/v2/me`'s top level; no OpenID Connect;
///   revocation only where a `revocation_url` is configured;
/// - V4 (Adobe IMS): identity from `/v4/me`'s `data`; with `openid` in the
///   scopes, a `nonce` and a verified id_token; RFC 7009 revocation.
struct Provider: Sendable {
    let settings: OAuthSettings
    let authorizationRequest: AuthorizationRequest
    let tokenEndpoint: TokenEndpoint
    let identity: IdentityEndpoint
    /// Present when the sign-in is OpenID Connect (`openid` among the scopes).
    let idTokens: IDTokenVerifier?
    /// Present when the provider has a revocation endpoint.
    let revocation: RevocationEndpoint?

    init(settings: OAuthSettings, clients: ProviderClients, metrics: OAuthMetrics, log: @escaping @Sendable (String) -> Void) {
        self.settings = settings
        let authentication = ClientAuthentication(clientID: settings.clientID, clientSecret: settings.clientSecret)
        authorizationRequest = AuthorizationRequest(settings: settings)
        tokenEndpoint = TokenEndpoint(url: settings.tokenURL, redirectURI: settings.redirectURI, scopes: settings.scopes,
                                      authentication: authentication, clients: clients, metrics: metrics)
        identity = IdentityEndpoint(url: settings.userinfoURL, format: settings.provider.identityFormat, client: clients.signIns)
        if settings.requestsOpenID {
            let jwksURL = settings.jwksURL
            let client = clients.signIns
            let keys = JWKSCache(fetch: { () async throws -> [UInt8] in
                do {
                    return try await TokenEndpointError.call { () async throws(HTTPClientError) in try await client.get(url: jwksURL) }.body
                } catch {
                    // The cache only says the key set is unavailable; the log says why.
                    log("fetching the id_token keys from \(jwksURL) failed: \(error)")
                    throw error
                }
            })
            idTokens = IDTokenVerifier(issuer: settings.issuer, clientID: settings.clientID, keys: keys)
        } else {
            idTokens = nil
        }
        revocation = settings.revocationURL.isEmpty
            ? nil : RevocationEndpoint(url: settings.revocationURL, authentication: authentication, client: clients.sessions)
    }

    /// What a sign-in attempt sends and must get back: the RFC 6749 `state`,
    /// the PKCE pair, and the OpenID Connect `nonce`.
    func authorizeURL(state: String, pkce: PKCE?, nonce: String?) -> String {
        authorizationRequest.url(state: state, pkce: pkce, nonce: nonce)
    }

    /// RFC 9207 §2.4: an `iss` on the callback must name our issuer, or the
    /// response came from another server the browser also uses (a mix-up
    /// attack), and its code must go nowhere. Without a configured issuer
    /// there is nothing to compare with.
    func acceptsCallbackIssuer(_ iss: String?) -> Bool {
        guard let iss, !settings.issuer.isEmpty else { return true }
        return constantTimeEquals(Array(iss.utf8), Array(settings.issuer.utf8))
    }

    /// A signed-in user: the code exchanged once, the id_token verified, the identity fetched.
    struct Redemption: Sendable {
        let tokens: TokenResponse
        let profile: UserProfile
        /// The id_token's `sub`, when there was one to verify.
        let subject: String?
    }

    /// Redeems `code`. Nothing is kept unless every step succeeds.
    func redeem(code: String, pkceVerifier: String?, nonce: String?, now: Date) async throws(TokenEndpointError) -> Redemption {
        let tokens = try await tokenEndpoint.exchange(code: code, pkceVerifier: pkceVerifier)
        var subject: String?
        if let idTokens {
            // OpenID Connect Core §3.1.3.3: with `openid` asked for, an id_token must come back.
            guard let idToken = tokens.idToken else { throw .invalidIDToken("the token response has no id_token") }
            do {
                subject = try await idTokens.verify(idToken, nonce: nonce, now: now).subject
            } catch {
                throw .invalidIDToken(error.description)
            }
        }
        let profile = try await identity.fetch(accessToken: tokens.accessToken)
        return Redemption(tokens: tokens, profile: profile, subject: subject)
    }

    func refresh(refreshToken: String, scope: String) async throws(TokenEndpointError) -> TokenResponse {
        try await tokenEndpoint.refresh(refreshToken: refreshToken, scope: scope)
    }
}
