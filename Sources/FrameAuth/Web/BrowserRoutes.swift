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
        router.add(.get, flow.settings.callbackPath) { request in await callback(request) }
        router.add(.post, RoutePaths.logout) { request in try await logout(request) }
        router.add(.post, RoutePaths.disconnect) { request in try await disconnect(request) }
        router.add(.get, RoutePaths.session) { request in try await session(request) }
    }

    private func landing(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let user = try await signedInUser(request)
        return pages.landing(user: user?.profile)
    }

    /// `/login` with no task, when sign-ins in progress are kept in this
    /// process; nil leaves it to `login`, which stores them in Redis.
    private func loginAtOnce(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse? {
        let query = try Self.loginQuery(request)
        guard let start = flow.startWithoutWaiting(
            returnTo: query["return_to"], browserBinding: cookies.reusableBinding(in: request),
            client: ClientBucket(address: request.remoteAddress)
        ) else { return nil }
        return loginRedirect(start)
    }

    private func login(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let query = try Self.loginQuery(request)
        let start: SignInFlow.Start
        do {
            start = try await flow.start(returnTo: query["return_to"], browserBinding: cookies.reusableBinding(in: request),
                                         client: ClientBucket(address: request.remoteAddress))
        } catch {
            throw Self.storeUnavailable("The sign-in could not start; try again shortly.", error)
        }
        return loginRedirect(start)
    }

    private static func loginQuery(_ request: HTTPRequest) throws(HTTPError) -> FormParameters {
        do { return try request.queryParameters() } catch { throw HTTPError(.badRequest, message: "The address is not valid.") }
    }

    private func loginRedirect(_ start: SignInFlow.Start) -> HTTPResponse {
        var response = Self.redirect(to: start.authorizeURL, status: .found)
        response.setCookie(cookies.binding(start.browserBinding))
        return response
    }

    private func callback(_ request: HTTPRequest) async -> HTTPResponse {
        var response = await callbackResponse(request)
        // The callback carries a code and state: never cached, anywhere.
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    private func callbackResponse(_ request: HTTPRequest) async -> HTTPResponse {
        guard let query = try? request.queryParameters() else {
            log("sign-in refused: the callback's query is not valid form encoding")
            metrics.logins.increment(.invalidCallback)
            return pages.error(heading: "Sign-in failed", message: "The sign-in response was malformed.", status: .badRequest)
        }
        let result = await flow.complete(
            query: FormParametersView(query),
            browserBinding: cookies.presentedBinding(in: request),
            currentSession: cookies.sessionID(in: request)
        )
        switch result {
        case .success(let completion):
            log("sign-in completed for user \(completion.user.id)")
            metrics.logins.increment(.success)
            var response = Self.redirect(to: completion.returnTo)
            response.setCookie(cookies.session(completion.session))
            return response
        case .failure(let failure):
            metrics.logins.increment(failure.loginResult)
            return failurePage(failure)
        }
    }

    private func failurePage(_ failure: SignInFlow.Failure) -> HTTPResponse {
        switch failure {
        case .state(let rejection):
            log("sign-in refused: \(rejection.rawValue)")
            let message = switch rejection {
            case .missing, .unknown: "This sign-in was not started here, or it was already used."
            case .expired: "This sign-in took longer than 10 minutes and has expired."
            case .foreignBrowser: "This sign-in was started in a different browser."
            }
            return pages.error(heading: "Sign-in failed", message: message, status: .badRequest)
        case .issuerMismatch:
            log("sign-in refused: the callback's iss is not the configured issuer (RFC 9207); nothing was sent to the token endpoint")
            return pages.error(heading: "Sign-in failed",
                               message: "The sign-in response came from a different server than the one configured.", status: .badRequest)
        case .authorizationDenied(let error, let description):
            log("sign-in refused by Frame.io: \(TokenEndpointError.safeCode(error) ?? "unrecognised error")")
            let detail = description.map { ": \($0)" } ?? ""
            return pages.error(heading: "Frame.io did not sign you in", message: "Frame.io answered \(error)\(detail)", status: .badRequest)
        case .missingCode:
            log("sign-in refused: the callback had no code")
            return pages.error(heading: "Sign-in failed", message: "Frame.io's answer had no authorization code.", status: .badRequest)
        case .tokenEndpoint(let error):
            log("sign-in failed: \(error)")
            return pages.error(heading: "Frame.io did not complete the sign-in",
                               message: "We could not get your tokens from Frame.io. Nothing was saved.", status: .badGateway)
        case .storage(let reason):
            log("sign-in failed: could not save the session: \(reason)")
            return pages.error(heading: "Sign-in failed", message: "Your session could not be saved. Nothing was kept; try again shortly.",
                               status: .serviceUnavailable)
        }
    }

    /// A cross-site form cannot sign people out or disconnect them: SameSite=Lax
    /// keeps the cookie off cross-site POSTs, and a foreign Origin or
    /// Sec-Fetch-Site is refused outright. Our own buttons arrive with
    /// `Origin: null`, since every page here is sent with `Referrer-Policy:
    /// no-referrer` (Fetch standard, "serializing a request origin"); where the
    /// browser also sends Sec-Fetch-Site, that says whether the form was our own.
    private func requireOwnForm(_ request: HTTPRequest, _ action: String) throws(HTTPError) {
        let origin = request.headers["Origin"]
        let site = request.headers["Sec-Fetch-Site"]
        let foreignOrigin = origin.map { $0 != "null" && $0 != flow.settings.origin } ?? false
        let foreignSite = site.map { $0 != "same-origin" } ?? false
        if foreignOrigin || foreignSite {
            throw HTTPError(.forbidden, message: "\(action) must come from this site.")
        }
    }

    private func logout(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        try requireOwnForm(request, "Sign-out")
        if let id = cookies.sessionID(in: request) {
            do { try await store.endSession(id) } catch {
                throw Self.storeUnavailable("Sign-out could not be saved; try again.", error)
            }
        }
        var response = Self.redirect(to: "/")
        response.setCookie(cookies.clearedSession())
        return response
    }

    /// The signed-in person withdraws FrameAuth's access (CONTRACT §3): every
    /// browser session of theirs ends, and their tokens are revoked and forgotten.
    private func disconnect(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        try requireOwnForm(request, "Disconnecting")
        guard let user = try await signedInUser(request) else {
            throw HTTPError(.unauthorized, message: "Not signed in.", headers: HTTPHeaders([("Cache-Control", "no-store")]))
        }
        do {
            _ = try await tokens.withdraw(user.profile.id)
        } catch {
            throw Self.storeUnavailable("Disconnecting could not be saved; try again.", error)
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
        var response = HTTPResponse.redirect(to: location, status: status)
        response.headers.set("Cache-Control", "no-store")
        response.headers.set("Referrer-Policy", "no-referrer")
        return response
    }

    private func session(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        guard let user = try await signedInUser(request) else {
            throw HTTPError(.unauthorized, message: "Not signed in.", headers: HTTPHeaders([("Cache-Control", "no-store")]))
        }
        return JSONResponse.make(SessionDescription(user), headers: [("Cache-Control", "no-store")])
    }

    /// The browser's user, unless their tokens came from another provider or
    /// app than the one configured now: such a session has to sign in again.
    private func signedInUser(_ request: HTTPRequest) async throws(HTTPError) -> StoredUser? {
        guard let id = cookies.sessionID(in: request) else { return nil }
        let user: StoredUser?
        do { user = try await store.user(forSession: id) } catch {
            throw Self.storeUnavailable("Your session cannot be checked right now; try again shortly.", error)
        }
        guard let user, user.tokensBelong(to: flow.settings.sessionBinding) else { return nil }
        return user
    }

    /// The store could not be read or written: nothing changed, and trying
    /// again later may work. The error goes to the log only.
    private static func storeUnavailable(_ message: String, _ error: StoreError) -> HTTPError {
        HTTPError(.serviceUnavailable, message: message, logDetail: "session store: \(error)",
                  headers: HTTPHeaders([("Cache-Control", "no-store")]))
    }
}
