import Foundation
import HTTPServer

/// The authorization-code flow from /login to a stored session (RFC 6749
/// §4.1 with RFC 7636 PKCE), independent of HTTP routing: the routes turn
/// its results into redirects, cookies and pages.
struct SignInFlow: Sendable {
    let settings: OAuthSettings
    let tokenEndpoint: TokenEndpoint
    let authorizationRequest: AuthorizationRequest
    let identity: IdentityEndpoint
    let pending: PendingLogins
    let store: SessionStore
    let lifetimes: TokenLifetimes
    let now: @Sendable () -> Date

    init(settings: OAuthSettings, client: HTTPClient, store: SessionStore, lifetimes: TokenLifetimes, metrics: OAuthMetrics,
         pending: PendingLogins = PendingLogins(), now: @escaping @Sendable () -> Date = Date.init) {
        self.settings = settings
        tokenEndpoint = TokenEndpoint(settings: settings, client: client, metrics: metrics)
        authorizationRequest = AuthorizationRequest(settings: settings)
        self.lifetimes = lifetimes
        identity = IdentityEndpoint(url: settings.userinfoURL, client: client)
        self.pending = pending
        self.store = store
        self.now = now
    }

    struct Start: Sendable {
        let authorizeURL: String
        /// The value for the browser-binding cookie (unchanged if the browser had one).
        let browserBinding: String
    }

    /// Begins a sign-in: a fresh `state` (256 random bits) and, for PKCE, a
    /// verifier, remembered for this browser only.
    func start(returnTo: String?, browserBinding existing: String?) -> Start {
        // Reusing the browser's binding lets two tabs sign in at once.
        // One draw from the generator for everything this login needs.
        let random = SecureRandom.bytes(count: 96)
        let binding = existing.flatMap { Self.isToken($0) ? $0 : nil } ?? Base64URL.encode(Array(random[0..<32]))
        let state = Base64URL.encode(Array(random[32..<64]))
        let pkce = settings.usesPKCE ? PKCE(randomBytes: Array(random[64..<96])) : nil
        let attempt = LoginAttempt(
            browserBinding: SHA256.digest(Array(binding.utf8)),
            pkceVerifier: pkce?.verifier,
            returnTo: returnTo.flatMap(ReturnPath.validate) ?? ReturnPath.fallback,
            expiresAt: now().addingTimeInterval(PendingLogins.lifetime)
        )
        pending.register(state: state, attempt: attempt, now: now())
        return Start(authorizeURL: authorizationRequest.url(state: state, pkce: pkce), browserBinding: binding)
    }

    enum Failure: Error, Sendable {
        /// Bad, unknown, expired, reused or foreign `state`: nothing was sent anywhere.
        case state(StateRejection)
        /// Frame.io sent the browser back with an error (RFC 6749 §4.1.2.1).
        case authorizationDenied(error: String, description: String?)
        /// No code in a callback whose state was fine.
        case missingCode
        case tokenEndpoint(TokenEndpointError)
        case storage(String)
    }

    struct Completion: Sendable {
        let user: UserProfile
        let session: SessionID
        let returnTo: String
    }

    /// Finishes a sign-in. The `state` is checked, and used up, before
    /// anything is sent to the token endpoint; the code is exchanged once.
    func complete(query: FormParametersView, browserBinding: String?, currentSession: SessionID?) async -> Result<Completion, Failure> {
        let attempt: LoginAttempt
        switch pending.take(state: query.state, browserBinding: browserBinding, now: now()) {
        case .failure(let rejection): return .failure(.state(rejection))
        case .success(let found): attempt = found
        }
        if let error = query.error {
            return .failure(.authorizationDenied(error: error, description: query.errorDescription))
        }
        guard let code = query.code, !code.isEmpty else { return .failure(.missingCode) }
        let tokens: TokenResponse
        let profile: UserProfile
        do {
            tokens = try await tokenEndpoint.exchange(code: code, pkceVerifier: attempt.pkceVerifier)
            profile = try await identity.fetch(accessToken: tokens.accessToken)
        } catch {
            return .failure(.tokenEndpoint(error))
        }
        let session = SessionID.generate()
        let issuedAt = now()
        let tokenSet = TokenSet(
            accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, tokenType: tokens.tokenType, scope: tokens.scope,
            expiresAt: issuedAt.addingTimeInterval(TimeInterval(tokens.expiresIn)),
            refreshExpiresAt: tokens.refreshToken == nil ? nil : issuedAt.addingTimeInterval(lifetimes.refreshToken)
        )
        do {
            // Durable before the browser hears it is signed in.
            try await store.signIn(profile: profile, tokens: tokenSet, newSession: session, replacing: currentSession)
        } catch {
            return .failure(.storage(String(describing: error)))
        }
        return .success(Completion(user: profile, session: session, returnTo: attempt.returnTo))
    }

    private static func isToken(_ value: String) -> Bool {
        value.utf8.count == 43 && value.utf8.allSatisfy { Base64URL.isAlphabet($0) }
    }
}


/// The callback's query parameters that matter, each taken only if it occurs once.
struct FormParametersView: Sendable {
    let state: String?
    let code: String?
    let error: String?
    let errorDescription: String?

    init(_ parameters: FormParameters) {
        state = parameters.single("state")
        code = parameters.single("code")
        error = parameters.single("error")
        errorDescription = parameters.single("error_description")
    }
}
