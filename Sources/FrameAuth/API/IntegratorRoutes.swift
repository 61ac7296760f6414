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
        router.add(.get, RoutePaths.api + "/users") { request in
            try await guarded(request) { _ throws(APIError) in try await listUsers() }
        }
        // The busiest route: answered inline when the token is at hand.
        router.add(.get, RoutePaths.api + "/users/{id}/token", atOnce: tokenAtOnce,
                   otherwise: { request in try await guarded(request, token) })
        router.add(.delete, RoutePaths.api + "/users/{id}") { request in try await guarded(request, delete) }
        router.renderErrors(under: RoutePaths.api, with: JSONResponse.error)
    }

    /// Every answer is JSON and never cached (errors are rendered so by
    /// `JSONResponse.error`); a missing or wrong key gets 401.
    private func guarded(_ request: HTTPRequest, _ handler: (HTTPRequest) async throws(APIError) -> HTTPResponse)
        async throws(APIError) -> HTTPResponse {
        let keyIndex = apiKeys.match(request)
        keyMetrics.record(keyIndex: keyIndex)
        guard keyIndex != nil else { throw .unauthorized }
        return Self.uncached(try await handler(request))
    }

    /// The token route with no task and no wait, when the key is wrong or
    /// the store has the user's fresh token in memory. Nil leaves the
    /// request to `guarded(_:token)`, which counts it then.
    private func tokenAtOnce(_ request: HTTPRequest) throws(APIError) -> HTTPResponse? {
        let keyIndex = apiKeys.match(request)
        guard keyIndex != nil else {
            keyMetrics.record(keyIndex: nil)
            throw .unauthorized
        }
        guard let result = tokens.tokensWithoutWaiting(for: Self.userID(in: request)) else { return nil }
        keyMetrics.record(keyIndex: keyIndex)
        return Self.uncached(try tokenResponse(result))
    }

    /// Takes the response it is handed (`consuming`): a copy would share
    /// its header fields, and adding one would copy them all.
    private static func uncached(_ response: consuming HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    private static func userID(in request: HTTPRequest) -> String {
        request.pathParameters["id"] ?? ""
    }

    private func listUsers() async throws(APIError) -> HTTPResponse {
        do {
            return JSONResponse.make(UserList(users: try await store.users().map(UserList.Entry.init)))
        } catch {
            throw .storeUnavailable(detail: "listing users failed: \(error)")
        }
    }

    private func token(_ request: HTTPRequest) async throws(APIError) -> HTTPResponse {
        try tokenResponse(await tokens.validTokens(for: Self.userID(in: request)))
    }

    private func tokenResponse(_ result: Result<TokenSet, TokenService.Failure>) throws(APIError) -> HTTPResponse {
        switch result {
        case .success(let tokens):
            let remaining = max(0, tokens.expiresAt.timeIntervalSince(now()).clampedWholeSeconds)
            let body = AccessToken(accessToken: tokens.accessToken, expiresIn: remaining, scope: tokens.scope).json
            return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
        case .failure(.unknownUser): throw .unknownUser
        case .failure(.loginRequired): throw .loginRequired
        case .failure(.unavailable): throw .tokenEndpointUnavailable
        // TokenService has logged why.
        case .failure(.storeUnavailable): throw .storeUnavailable(detail: nil)
        }
    }

    private func delete(_ request: HTTPRequest) async throws(APIError) -> HTTPResponse {
        let userID = Self.userID(in: request)
        let deleted: Bool
        do { deleted = try await tokens.withdraw(userID) } catch {
            throw .storeUnavailable(detail: "deleting user \(userID) failed: \(error)")
        }
        guard deleted else { throw .unknownUser }
        log("user \(userID) deleted through the API")
        return HTTPResponse(status: .noContent)
    }
}
