import FoundationEssentials
import HTTPServer

/// The authorization-code flow from /login to a stored session (RFC 6749
/// §4.1 with RFC 7636 PKCE, and OpenID Connect where the provider speaks
/// it), independent of HTTP routing: the routes turn its results into
/// redirects, cookies and pages. What differs between platforms is the
/// provider's business.
struct SignInFlow: Sendable {
    let provider: Provider
    let bindings: BrowserBindings
    let pending: any PendingSignIns
    /// `pending` when it is kept in this process, found once rather than
    /// cast on every /login.
    private let local: PendingLogins?
    let store: any SessionStore
    let lifetimes: TokenLifetimes
    let now: @Sendable () -> Date

    init(provider: Provider, bindings: BrowserBindings, store: any SessionStore, lifetimes: TokenLifetimes,
         pending: any PendingSignIns = PendingLogins(), now: @escaping @Sendable () -> Date = Date.init) {
        self.provider = provider
        self.bindings = bindings
        self.lifetimes = lifetimes
        self.pending = pending
        local = pending as? PendingLogins
        self.store = store
        self.now = now
    }

    var settings: OAuthSettings { provider.settings }

    struct Start: Sendable {
        let authorizeURL: String
        /// The browser-binding cookie's value (unchanged if the browser had one).
        let browserBinding: BrowserBinding
    }

    /// Begins a sign-in: a fresh `state` (256 random bits) and, as the
    /// provider needs them, a PKCE verifier and an OpenID Connect `nonce`
    /// (256 bits), remembered for this browser only. `client` bounds how
    /// many attempts one address can keep open. Throws when the attempt
    /// could not be stored (the shared store out of reach).
    func start(returnTo: String?, browserBinding existing: BrowserBinding?, client: ClientBucket) async throws(StoreError) -> Start {
        let now = now()
        let begun = begin(returnTo: returnTo, browserBinding: existing, client: client, now: now)
        try await pending.register(state: begun.state, attempt: begun.attempt, now: now)
        return begun.start
    }

    /// As `start`, when the attempt is kept in this process and so is
    /// registered at once; nil, with nothing drawn or kept, when it goes to
    /// the shared store and `start` must be awaited.
    func startWithoutWaiting(returnTo: String?, browserBinding existing: BrowserBinding?, client: ClientBucket) -> Start? {
        guard let local else { return nil }
        let now = now()
        let begun = begin(returnTo: returnTo, browserBinding: existing, client: client, now: now)
        local.register(state: begun.state, attempt: begun.attempt, now: now)
        return begun.start
    }

    private func begin(returnTo: String?, browserBinding existing: BrowserBinding?, client: ClientBucket, now: Date)
        -> (state: String, attempt: LoginAttempt, start: Start) {
        // Reusing the browser's binding lets two tabs sign in at once.
        // One draw from the generator for everything this login needs.
        let random = SecureRandom.bytes(count: 112)
        let binding = existing ?? bindings.mint(randomBytes: random[96..<112], at: now)
        let state = Base64URL.encode(random[0..<32])
        let pkce = settings.usesPKCE ? PKCE(randomBytes: random[32..<64]) : nil
        let nonce = settings.requestsOpenID ? Base64URL.encode(random[64..<96]) : nil
        let attempt = LoginAttempt(
            browserBinding: binding.digest,
            pkceVerifier: pkce?.verifier,
            nonce: nonce,
            returnTo: returnTo.flatMap(ReturnPath.validate) ?? ReturnPath.fallback,
            expiresAt: now.addingTimeInterval(SignInLimits.stateLifetime.seconds),
            client: client
        )
        let start = Start(authorizeURL: provider.authorizeURL(state: state, pkce: pkce, nonce: nonce), browserBinding: binding)
        return (state, attempt, start)
    }

    enum Failure: Error, Sendable {
        /// The callback's query is not valid form encoding: nothing was sent anywhere.
        case malformedCallback
        /// Bad, unknown, expired, reused or foreign `state`: nothing was sent anywhere.
        case state(StateRejection)
        /// The callback's `iss` names another server (RFC 9207): nothing was sent anywhere.
        case issuerMismatch
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

    /// Finishes a sign-in. The `state` is checked, and used up, and the
    /// callback's issuer checked, before anything is sent to the token
    /// endpoint; the code is exchanged once.
    func complete(query: CallbackParameters, browserBinding: BrowserBinding?, currentSession: SessionID?) async -> Result<Completion, Failure> {
        let attempt: LoginAttempt
        do {
            switch try await pending.take(state: query.state, browserBinding: browserBinding, now: now()) {
            case .failure(let rejection): return .failure(.state(rejection))
            case .success(let found): attempt = found
            }
        } catch {
            return .failure(.storage(String(describing: error)))
        }
        guard provider.acceptsCallbackIssuer(query.iss) else { return .failure(.issuerMismatch) }
        if let error = query.error {
            return .failure(.authorizationDenied(error: error, description: query.errorDescription))
        }
        guard let code = query.code, !code.isEmpty else { return .failure(.missingCode) }
        let redeemed: Provider.Redemption
        do {
            redeemed = try await provider.redeem(code: code, pkceVerifier: attempt.pkceVerifier, nonce: attempt.nonce, now: now())
        } catch {
            return .failure(.tokenEndpoint(error))
        }
        let session = SessionID.generate()
        let tokens = TokenSet(granted: redeemed.tokens, at: now(), refreshTokenLifetime: lifetimes.refreshToken)
        do {
            // Durable before the browser hears it is signed in.
            try await store.signIn(profile: redeemed.profile, tokens: tokens, binding: settings.sessionBinding,
                                   subject: redeemed.subject, newSession: session, replacing: currentSession)
        } catch {
            return .failure(.storage(String(describing: error)))
        }
        return .success(Completion(user: redeemed.profile, session: session, returnTo: attempt.returnTo))
    }
}
