import FoundationEssentials
import HTTPServer

/// The integrator API (CONTRACT §5): users, their valid access tokens, and
/// deleting them. Registered only when an API key is configured.
struct IntegratorRoutes: Sendable {
    let apiKeys: APIKeys
    let keyMetrics: APIKeyMetrics
    let store: any SessionStore
    let tokens: TokenService
    let now: @Sendable () -> Date
    let log: @Sendable (String) -> Void

    func register(in router: inout Router) {
        router.add(.get, RoutePaths.api + "/users") { request in await guarded(request) { _ in await listUsers() } }
        // The busiest route: answered inline when the token is at hand.
        router.add(.get, RoutePaths.api + "/users/{id}/token", atOnce: tokenAtOnce, otherwise: { request in await guarded(request, token) })
        router.add(.delete, RoutePaths.api + "/users/{id}") { request in await guarded(request, delete) }
    }

    /// Every answer is JSON and never cached; a missing or wrong key gets 401.
    private func guarded(_ request: HTTPRequest, _ handler: (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        let keyIndex = apiKeys.match(request)
        keyMetrics.record(keyIndex: keyIndex)
        return Self.uncached(keyIndex != nil ? await handler(request) : Self.unauthorized)
    }

    /// The token route with no task and no wait, when the key is wrong or
    /// the store has the user's fresh token in memory. Nil leaves the
    /// request to `guarded(_:token)`, which counts it then.
    private func tokenAtOnce(_ request: HTTPRequest) -> HTTPResponse? {
        let keyIndex = apiKeys.match(request)
        let response: HTTPResponse
        if keyIndex == nil {
            response = Self.unauthorized
        } else {
            guard let result = tokens.tokensWithoutWaiting(for: Self.userID(in: request)) else { return nil }
            response = tokenResponse(result)
        }
        keyMetrics.record(keyIndex: keyIndex)
        return Self.uncached(response)
    }

    private static func uncached(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    private static func userID(in request: HTTPRequest) -> String {
        request.pathParameters["id"] ?? ""
    }

    private func listUsers() async -> HTTPResponse {
        do {
            return JSONResponse.make(UserList(users: try await store.users().map(UserList.Entry.init)))
        } catch {
            log("listing users failed: \(error)")
            return Self.storeUnavailable
        }
    }

    private func token(_ request: HTTPRequest) async -> HTTPResponse {
        tokenResponse(await tokens.validTokens(for: Self.userID(in: request)))
    }

    private func tokenResponse(_ result: Result<TokenSet, TokenService.Failure>) -> HTTPResponse {
        switch result {
        case .success(let tokens):
            let remaining = max(0, tokens.expiresAt.timeIntervalSince(now()).clampedWholeSeconds)
            let body = AccessToken(accessToken: tokens.accessToken, expiresIn: remaining, scope: tokens.scope).json
            return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
        case .failure(.unknownUser): return Self.error("unknown_user", status: .notFound)
        case .failure(.loginRequired): return Self.error("login_required", status: .conflict)
        case .failure(.unavailable): return Self.error("token_endpoint_unavailable", status: .serviceUnavailable)
        case .failure(.storeUnavailable): return Self.storeUnavailable
        }
    }

    private func delete(_ request: HTTPRequest) async -> HTTPResponse {
        let userID = Self.userID(in: request)
        do {
            guard try await tokens.withdraw(userID) else { return Self.error("unknown_user", status: .notFound) }
        } catch {
            log("deleting user \(userID) failed: \(error)")
            return Self.storeUnavailable
        }
        log("user \(userID) deleted through the API")
        return HTTPResponse(status: .noContent)
    }

    private static var unauthorized: HTTPResponse {
        error("unauthorized", status: .unauthorized, extraHeaders: [("WWW-Authenticate", "Bearer")])
    }

    /// The session store could not be read or written; nothing changed (CONTRACT §8).
    private static var storeUnavailable: HTTPResponse { error("store_unavailable", status: .serviceUnavailable) }

    static func error(_ code: String, status: HTTPStatus, extraHeaders: [(String, String)] = []) -> HTTPResponse {
        JSONResponse.make(["error": code], status: status, headers: extraHeaders)
    }
}
