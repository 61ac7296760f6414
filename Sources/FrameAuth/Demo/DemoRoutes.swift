import FoundationEssentials
import HTTPServer

/// The Frame.io stand-in's endpoints under `/_demo/`: the authorize page
/// (sign-in form, then consent), the token endpoint and the identity call;
/// for V4 also the key set and revocation.
struct DemoRoutes: Sendable {
    let authority: DemoAuthority
    let provider: ProviderKind
    let pages: DemoPages

    func register(in router: inout Router) {
        router.add(.get, DemoMode.authorizePath) { request in try authorize(request) }
        router.add(.post, DemoMode.authorizePath) { request in try signIn(request) }
        router.add(.post, DemoMode.consentPath) { request in try consent(request) }
        router.add(.post, DemoMode.tokenPath) { request in token(request) }
        router.add(.get, DemoMode.userinfoPath(provider)) { request in me(request) }
        if let openID = authority.openID {
            let keySet = JSONResponse.make(openID.signingKey.keySet)
            router.add(.get, DemoMode.keysPath) { _ in keySet }
            router.add(.post, DemoMode.revocationPath) { request in revoke(request) }
        }
    }

    /// A bad client or redirect URI is shown here, never redirected to
    /// (RFC 6749 §4.1.2.1): the redirect URI itself cannot be trusted.
    private func authorize(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let query: FormParameters
        do { query = try request.queryParameters() } catch { throw HTTPError(.badRequest, message: "The address is not valid.") }
        switch authority.begin(query) {
        case .success(let signInID): return pages.signIn(signInID: signInID)
        case .failure(let refusal): return pages.refused(refusal)
        }
    }

    private func signIn(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let form = try Self.form(of: request)
        let email = (form.single("email") ?? "").trimmingBlanks
        guard (3...254).contains(email.count), email.contains("@"),
              !email.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return pages.refused(.init(error: "invalid_request", description: "Type an email address, such as you@example.com."))
        }
        guard let signInID = form.single("sign_in"), let started = authority.signIn(signInID, email: email) else {
            return pages.expired()
        }
        return pages.consent(signInID: signInID, user: started.user, scope: started.scope)
    }

    private func consent(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let form = try Self.form(of: request)
        let decision = form.single("decision")
        guard decision == "approve" || decision == "deny" else {
            throw HTTPError(.badRequest, message: "Choose approve or deny.")
        }
        guard let signInID = form.single("sign_in"), let location = authority.decide(signInID, approve: decision == "approve") else {
            return pages.expired()
        }
        return .redirect(to: location, status: .seeOther)
    }

    /// RFC 6749 §5.1–5.2: JSON either way, never cached.
    private func token(_ request: HTTPRequest) -> HTTPResponse {
        let result: Result<DemoAuthority.Grant, DemoAuthority.Refusal>
        if let form = try? request.formParameters() {
            switch form.single("grant_type") {
            case "authorization_code": result = authority.exchange(form)
            case "refresh_token": result = authority.refresh(form)
            default: result = .failure(.init(error: "unsupported_grant_type", description: "Use authorization_code or refresh_token."))
            }
        } else {
            result = .failure(.init(error: "invalid_request", description: "The body is not form-encoded."))
        }
        let noStore = [("Cache-Control", "no-store")]
        switch result {
        case .success(let grant):
            return JSONResponse.make(TokenBody(grant), headers: noStore)
        case .failure(let refusal):
            let status: HTTPStatus = refusal.error == "invalid_client" ? .unauthorized : .badRequest
            return JSONResponse.make(["error": refusal.error, "error_description": refusal.description], status: status, headers: noStore)
        }
    }

    private func me(_ request: HTTPRequest) -> HTTPResponse {
        guard let token = request.bearerToken, let user = authority.user(forAccessToken: token) else {
            // RFC 6750 §3.1.
            return JSONResponse.make(["error": "invalid_token"], status: .unauthorized,
                                     headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
        }
        let identity = ["id": user.id, "email": user.email, "name": user.name]
        // V4's `/v4/me` wraps the user in `data` (CONTRACT §7).
        return provider == .v4 ? JSONResponse.make(["data": identity]) : JSONResponse.make(identity)
    }

    /// RFC 7009 §2.2: 200 with no body, whether or not the token was known.
    private func revoke(_ request: HTTPRequest) -> HTTPResponse {
        let result = (try? request.formParameters()).map(authority.revoke)
            ?? .failure(.init(error: "invalid_request", description: "The body is not form-encoded."))
        switch result {
        case .success: return HTTPResponse(status: .ok)
        case .failure(let refusal): return JSONResponse.make(["error": refusal.error], status: .badRequest)
        }
    }

    private static func form(of request: HTTPRequest) throws(HTTPError) -> FormParameters {
        do { return try request.formParameters() } catch { throw HTTPError(.badRequest, message: "The form is not valid.") }
    }
}

/// The token endpoint's success body, shaped like Frame.io's (CONTRACT §1).
private struct TokenBody: Encodable {
    let access_token: String
    let refresh_token: String
    let expires_in: Int
    let scope: String
    let id_token: String?
    let token_type = "bearer"

    init(_ grant: DemoAuthority.Grant) {
        access_token = grant.accessToken
        refresh_token = grant.refreshToken
        expires_in = grant.expiresIn
        scope = grant.scope
        id_token = grant.idToken
    }
}
