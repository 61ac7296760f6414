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
        router.add(.get, "/api/users") { request in await guarded(request) { _ in await listUsers() } }
        router.add(.get, "/api/users/{id}/token") { request in await guarded(request, token) }
        router.add(.delete, "/api/users/{id}") { request in await guarded(request, delete) }
    }

    /// Every answer is JSON and never cached; a missing or wrong key gets 401.
    private func guarded(_ request: HTTPRequest, _ handler: (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        let keyIndex = apiKeys.match(request)
        keyMetrics.record(keyIndex: keyIndex)
        var response = keyIndex != nil
            ? await handler(request)
            : Self.error("unauthorized", status: .unauthorized, extraHeaders: [("WWW-Authenticate", "Bearer")])
        response.headers.set("Cache-Control", "no-store")
        return response
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
        let userID = request.pathParameters["id"] ?? ""
        switch await tokens.validTokens(for: userID) {
        case .success(let tokens):
            let remaining = max(0, tokens.expiresAt.timeIntervalSince(now()).clampedWholeSeconds)
            return JSONResponse.make(AccessToken(access_token: tokens.accessToken, token_type: "bearer", expires_in: remaining, scope: tokens.scope))
        case .failure(.unknownUser): return Self.error("unknown_user", status: .notFound)
        case .failure(.loginRequired): return Self.error("login_required", status: .conflict)
        case .failure(.unavailable): return Self.error("token_endpoint_unavailable", status: .serviceUnavailable)
        case .failure(.storeUnavailable): return Self.storeUnavailable
        }
    }

    private func delete(_ request: HTTPRequest) async -> HTTPResponse {
        let userID = request.pathParameters["id"] ?? ""
        do {
            guard try await tokens.withdraw(userID) else { return Self.error("unknown_user", status: .notFound) }
        } catch {
            log("deleting user \(userID) failed: \(error)")
            return Self.storeUnavailable
        }
        log("user \(userID) deleted through the API")
        return HTTPResponse(status: .noContent)
    }

    /// The session store could not be read or written; nothing changed (CONTRACT §8).
    private static var storeUnavailable: HTTPResponse { error("store_unavailable", status: .serviceUnavailable) }

    static func error(_ code: String, status: HTTPStatus, extraHeaders: [(String, String)] = []) -> HTTPResponse {
        JSONResponse.make(["error": code], status: status, headers: extraHeaders)
    }
}

/// `GET /api/users`: who is stored, never their tokens.
struct UserList: Encodable {
    struct Entry: Encodable {
        let id: String
        let email: String?
        let name: String?
        let scope: String
        let expires_at: Date
        let refresh_expires_at: Date?

        init(_ user: StoredUser) {
            id = user.profile.id
            email = user.profile.email
            name = user.profile.name
            scope = user.tokens.scope
            expires_at = user.tokens.expiresAt
            refresh_expires_at = user.tokens.refreshExpiresAt
        }

        // Absent values are written as null, not left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(email, forKey: .email)
            try container.encode(name, forKey: .name)
            try container.encode(scope, forKey: .scope)
            try container.encode(expires_at, forKey: .expires_at)
            try container.encode(refresh_expires_at, forKey: .refresh_expires_at)
        }

        enum CodingKeys: String, CodingKey { case id, email, name, scope, expires_at, refresh_expires_at }
    }

    let users: [Entry]
}

/// `GET /api/users/{id}/token`.
struct AccessToken: Encodable {
    let access_token: String
    let token_type: String
    let expires_in: Int
    let scope: String
}
