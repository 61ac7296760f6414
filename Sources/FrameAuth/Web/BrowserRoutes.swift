import FoundationEssentials
import HTTPServer

/// The routes a browser uses (CONTRACT §3): the landing page, /login, the
/// callback, /logout, /disconnect and /session.
struct BrowserRoutes: Sendable {
    let flow: SignInFlow
    let tokens: TokenService
    let store: any SessionStore
    let pages: Pages
    let cookies: BrowserCookies
    let metrics: OAuthMetrics
    let log: @Sendable (String) -> Void

    func register(in router: inout Router) {
        router.add(.get, RoutePaths.landing) { request in try await landing(request) }
        router.add(.get, RoutePaths.login, atOnce: loginAtOnce, otherwise: { request in try await login(request) })
        router.add(.get, flow.settings.callbackPath) { request in try await callback(request) }
        router.add(.post, RoutePaths.logout) { request in try await logout(request) }
        router.add(.post, RoutePaths.disconnect) { request in try await disconnect(request) }
        router.add(.get, RoutePaths.session) { request in try await session(request) }
        router.renderErrors(under: RoutePaths.session, with: JSONResponse.error)
    }

    private func landing(_ request: HTTPRequest) async throws(BrowserError) -> HTTPResponse {
        let user = try await signedInUser(request)
        return pages.landing(user: user?.profile)
    }

    /// `/login` with no task, when sign-ins in progress are kept in this
    /// process; nil leaves it to `login`, which stores them in Redis.
    private func loginAtOnce(_ request: HTTPRequest) throws(BrowserError) -> HTTPResponse? {
        let query = try Self.loginQuery(request)
        guard let start = flow.startWithoutWaiting(
            returnTo: query["return_to"], browserBinding: cookies.reusableBinding(in: request),
            client: ClientBucket(address: request.remoteAddress)
        ) else { return nil }
        return loginRedirect(start)
    }

    private func login(_ request: HTTPRequest) async throws(BrowserError) -> HTTPResponse {
        let query = try Self.loginQuery(request)
        let start: SignInFlow.Start
        do {
            start = try await flow.start(returnTo: query["return_to"], browserBinding: cookies.reusableBinding(in: request),
                                         client: ClientBucket(address: request.remoteAddress))
        } catch {
            throw .storeUnavailable(message: "The sign-in could not start; try again shortly.", cause: error)
        }
        return loginRedirect(start)
    }

    private static func loginQuery(_ request: HTTPRequest) throws(BrowserError) -> FormParameters {
        do { return try request.queryParameters() } catch { throw .invalidAddress }
    }

    private func loginRedirect(_ start: SignInFlow.Start) -> HTTPResponse {
        var response = Self.redirect(to: start.authorizeURL, status: .found)
        response.setCookie(cookies.binding(start.browserBinding))
        return response
    }

    /// Every answer, failure or not, is counted here; a failure becomes its
    /// page where every error does, in the router.
    private func callback(_ request: HTTPRequest) async throws(SignInFlow.Failure) -> HTTPResponse {
        let completion: SignInFlow.Completion
        do {
            completion = try await completeSignIn(request)
        } catch {
            metrics.logins.increment(error.loginResult)
            throw error
        }
        log("sign-in completed for user \(completion.user.id)")
        metrics.logins.increment(.success)
        var response = Self.redirect(to: completion.returnTo)
        response.setCookie(cookies.session(completion.session))
        return response
    }

    private func completeSignIn(_ request: HTTPRequest) async throws(SignInFlow.Failure) -> SignInFlow.Completion {
        guard let query = try? request.queryParameters() else { throw .malformedCallback }
        return try await flow.complete(
            query: CallbackParameters(query),
            browserBinding: cookies.presentedBinding(in: request),
            currentSession: cookies.sessionID(in: request)
        ).get()
    }

    /// A cross-site form cannot sign people out or disconnect them: SameSite=Lax
    /// keeps the cookie off cross-site POSTs, and a foreign Origin or
    /// Sec-Fetch-Site is refused outright. Our own buttons arrive with
    /// `Origin: null`, since every page here is sent with `Referrer-Policy:
    /// no-referrer` (Fetch standard, "serializing a request origin"); where the
    /// browser also sends Sec-Fetch-Site, that says whether the form was our own.
    private func requireOwnForm(_ request: HTTPRequest, _ action: String) throws(BrowserError) {
        let origin = request.headers["Origin"]
        let site = request.headers["Sec-Fetch-Site"]
        let foreignOrigin = origin.map { $0 != "null" && $0 != flow.settings.origin } ?? false
        let foreignSite = site.map { $0 != "same-origin" } ?? false
        if foreignOrigin || foreignSite {
            throw .foreignForm(action: action)
        }
    }

    private func logout(_ request: HTTPRequest) async throws(BrowserError) -> HTTPResponse {
        try requireOwnForm(request, "Sign-out")
        if let id = cookies.sessionID(in: request) {
            do { try await store.endSession(id) } catch {
                throw .storeUnavailable(message: "Sign-out could not be saved; try again.", cause: error)
            }
        }
        var response = Self.redirect(to: "/")
        response.setCookie(cookies.clearedSession())
        return response
    }

    /// The signed-in person withdraws FrameAuth's access (CONTRACT §3): every
    /// browser session of theirs ends, and their tokens are revoked and forgotten.
    private func disconnect(_ request: HTTPRequest) async throws(BrowserError) -> HTTPResponse {
        try requireOwnForm(request, "Disconnecting")
        guard let user = try await signedInUser(request) else {
            throw .notSignedIn
        }
        do {
            _ = try await tokens.withdraw(user.profile.id)
        } catch {
            throw .storeUnavailable(message: "Disconnecting could not be saved; try again.", cause: error)
        }
        log("user \(user.profile.id) disconnected FrameAuth from their account")
        var response = Self.redirect(to: "/")
        response.setCookie(cookies.clearedSession())
        return response
    }

    /// Every redirect here is uncacheable and carries no referrer: the
    /// policy applies to the request the browser makes next (Fetch §4.4,
    /// "set request's referrer policy on redirect"), so neither the address
    /// `/login` was called with nor the callback's reaches the next site.
    private static func redirect(to location: String, status: HTTPStatus = .seeOther) -> HTTPResponse {
        var headers = HTTPHeaders()
        // Room for the cookie most of these redirects set, made once.
        headers.reserveCapacity(4)
        headers.add("Location", location)
        headers.add("Cache-Control", "no-store")
        headers.add("Referrer-Policy", "no-referrer")
        return HTTPResponse(status: status, headers: headers)
    }

    private func session(_ request: HTTPRequest) async throws(BrowserError) -> HTTPResponse {
        guard let user = try await signedInUser(request) else {
            throw .notSignedIn
        }
        return JSONResponse.make(SessionDescription(user), headers: [("Cache-Control", "no-store")])
    }

    /// The browser's user, unless their tokens came from another provider or
    /// app than the one configured now: such a session has to sign in again.
    private func signedInUser(_ request: HTTPRequest) async throws(BrowserError) -> StoredUser? {
        guard let id = cookies.sessionID(in: request) else { return nil }
        let user: StoredUser?
        do { user = try await store.user(forSession: id) } catch {
            throw .storeUnavailable(message: "Your session cannot be checked right now; try again shortly.", cause: error)
        }
        guard let user, user.tokensBelong(to: flow.settings.sessionBinding) else { return nil }
        return user
    }
}
