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
        router.add(.post, DemoMode.tokenPath) { request in try token(request) }
        router.add(.get, DemoMode.userinfoPath(provider)) { request in try me(request) }
        router.renderErrors(under: DemoMode.tokenPath, with: Self.oauthError)
        router.renderErrors(under: DemoMode.userinfoPath(provider), with: Self.oauthError)
        if let openID = authority.openID {
            let keySet = JSONResponse.make(openID.signingKey.keySet)
            router.add(.get, DemoMode.keysPath) { _ in keySet }
            router.add(.post, DemoMode.revocationPath) { request in try revoke(request) }
            router.renderErrors(under: DemoMode.revocationPath, with: Self.oauthError)
        }
    }

    /// RFC 6749 §5.2: the error and its description as JSON, never cached.
    @Sendable private static func oauthError(_ error: any PublicError, _ request: HTTPRequest) -> HTTPResponse {
        JSONResponse.make(["error": error.code, "error_description": error.message], status: error.status,
                          headers: [("Cache-Control", "no-store")])
    }

    /// A bad client or redirect URI is refused on a page, never redirected
    /// to (RFC 6749 §4.1.2.1): the redirect URI itself cannot be trusted.
    private func authorize(_ request: HTTPRequest) throws(DemoAuthority.Refusal) -> HTTPResponse {
        guard let query = try? request.queryParameters() else { throw Self.invalidForm }
        return pages.signIn(signInID: try authority.begin(query).get())
    }

    private func signIn(_ request: HTTPRequest) throws(DemoAuthority.Refusal) -> HTTPResponse {
        let form = try Self.form(of: request)
        let email = (form.single("email") ?? "").trimmingBlanks
        guard (3...254).contains(email.count), email.contains("@"),
              !email.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .init(error: "invalid_request", description: "Type an email address, such as you@example.com.")
        }
        guard let signInID = form.single("sign_in"), let started = authority.signIn(signInID, email: email) else {
            throw .expiredSignIn
        }
        return pages.consent(signInID: signInID, user: started.user, scope: started.scope)
    }

    private func consent(_ request: HTTPRequest) throws(DemoAuthority.Refusal) -> HTTPResponse {
        let form = try Self.form(of: request)
        let decision = form.single("decision")
        guard decision == "approve" || decision == "deny" else {
            throw .init(error: "invalid_request", description: "Choose approve or deny.")
        }
        guard let signInID = form.single("sign_in"), let location = authority.decide(signInID, approve: decision == "approve") else {
            throw .expiredSignIn
        }
        return .redirect(to: location, status: .seeOther)
    }

    /// RFC 6749 §5.1: the grant as JSON, never cached; a refusal is
    /// rendered by `oauthError`.
    private func token(_ request: HTTPRequest) throws(DemoAuthority.Refusal) -> HTTPResponse {
        let form = try Self.form(of: request)
        let grant = switch form.single("grant_type") {
        case "authorization_code": try authority.exchange(form).get()
        case "refresh_token": try authority.refresh(form).get()
        default: throw DemoAuthority.Refusal(error: "unsupported_grant_type", description: "Use authorization_code or refresh_token.")
        }
        return JSONResponse.make(TokenBody(grant), headers: [("Cache-Control", "no-store")])
    }

    private func me(_ request: HTTPRequest) throws(DemoAuthority.Refusal) -> HTTPResponse {
        guard let token = request.bearerToken, let user = authority.user(forAccessToken: String(token)) else { throw .invalidToken }
        let identity = ["id": user.id, "email": user.email, "name": user.name]
        // V4's `/v4/me` wraps the user in `data` (CONTRACT §7).
        return provider == .v4 ? JSONResponse.make(["data": identity]) : JSONResponse.make(identity)
    }

    /// RFC 7009 §2.2: 200 with no body, whether or not the token was known.
    private func revoke(_ request: HTTPRequest) throws(DemoAuthority.Refusal) -> HTTPResponse {
        try authority.revoke(try Self.form(of: request)).get()
        return HTTPResponse(status: .ok)
    }

    private static let invalidForm = DemoAuthority.Refusal(error: "invalid_request", description: "The request is not validly form-encoded.")

    private static func form(of request: HTTPRequest) throws(DemoAuthority.Refusal) -> FormParameters {
        guard let form = try? request.formParameters() else { throw invalidForm }
        return form
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
