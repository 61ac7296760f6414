import FoundationEssentials
import HTTPServer

/// The stand-in's authorization server state: sign-ins in progress, issued
/// codes and live tokens, in memory only (a restart forgets them, and demo
/// sessions then end at their next refresh). It checks what Frame.io checks
/// for a PKCE app: the client id, the exact redirect URI, S256, single-use
/// codes bound to their challenge, rotating refresh tokens. Standing in for
/// Adobe IMS (V4), it also names itself with `iss` on the callback, signs an
/// id_token carrying the sign-in's `nonce`, and revokes tokens.
final class DemoAuthority: Sendable {
    struct User: Sendable, Equatable {
        let id: String
        let email: String
        let name: String
    }

    struct Grant: Sendable {
        let accessToken: String
        let refreshToken: String
        let expiresIn: Int
        let scope: String
        /// V4 sign-ins with `openid` in the scope.
        var idToken: String?
    }

    /// What makes the stand-in an OpenID provider (V4); nil for legacy.
    struct OpenID: Sendable {
        let issuer: String
        let signingKey: DemoSigningKey
    }

    /// An OAuth error code (RFC 6749 §4.1.2.1 and §5.2) and words for a person.
    struct Refusal: Error, Equatable {
        let error: String
        let description: String
    }

    /// Short enough that a newcomer sees a refresh within minutes of signing in.
    static let accessTokenLifetime: TimeInterval = 120
    static let refreshTokenLifetime: TimeInterval = 86_400
    static let codeLifetime: TimeInterval = 60
    static let signInLifetime: TimeInterval = 600
    /// Each table is bounded; past it the oldest entries go, as with pending logins.
    static let tableLimit = 10_000

    private struct SignIn {
        let state: String?
        let scope: String
        let nonce: String?
        let codeChallenge: String
        let startedAt: Date
        var user: User?
    }

    private struct IssuedCode {
        let user: User
        let scope: String
        let nonce: String?
        let codeChallenge: String
        let expiresAt: Date
    }

    private struct IssuedToken {
        let user: User
        let scope: String
        let expiresAt: Date
    }

    private struct Tables {
        var signIns = BoundedTable<String, SignIn>(limit: DemoAuthority.tableLimit)
        var codes = BoundedTable<String, IssuedCode>(limit: DemoAuthority.tableLimit)
        var accessTokens = BoundedTable<String, IssuedToken>(limit: DemoAuthority.tableLimit)
        var refreshTokens = BoundedTable<String, IssuedToken>(limit: DemoAuthority.tableLimit)

        mutating func issueTokens(for user: User, scope: String, at time: Date) -> Grant {
            let access = SecureRandom.token()
            let refresh = SecureRandom.token()
            accessTokens.insert(IssuedToken(user: user, scope: scope, expiresAt: time + accessTokenLifetime), for: access)
            refreshTokens.insert(IssuedToken(user: user, scope: scope, expiresAt: time + refreshTokenLifetime), for: refresh)
            return Grant(accessToken: access, refreshToken: refresh, expiresIn: Int(accessTokenLifetime), scope: scope)
        }
    }

    let redirectURI: String
    let openID: OpenID?
    private let now: @Sendable () -> Date
    private let tables = Lock(Tables())

    init(redirectURI: String, openID: OpenID?, now: @escaping @Sendable () -> Date) {
        self.redirectURI = redirectURI
        self.openID = openID
        self.now = now
    }

    /// Checks an authorize request and remembers it; the id names it in the
    /// sign-in and consent forms, which is also what makes them unforgeable.
    /// A repeated parameter counts as absent (RFC 6749 §3.1).
    func begin(_ query: FormParameters) -> Result<String, Refusal> {
        guard query.single("client_id") == DemoMode.clientID else {
            return .failure(Refusal(error: "unauthorized_client", description: "This client id is not registered with the demo."))
        }
        guard query.single("redirect_uri") == redirectURI else {
            return .failure(Refusal(error: "invalid_request", description: "The redirect URI is not the one registered for this app."))
        }
        guard query.single("response_type") == "code" else {
            return .failure(Refusal(error: "unsupported_response_type", description: "Only response_type=code is supported."))
        }
        guard let challenge = query.single("code_challenge"), query.single("code_challenge_method") == PKCE.challengeMethod else {
            return .failure(Refusal(error: "invalid_request", description: "This app must send a PKCE S256 challenge."))
        }
        let signIn = SignIn(state: query.single("state"), scope: query.single("scope") ?? "", nonce: query.single("nonce"),
                            codeChallenge: challenge, startedAt: now())
        let id = SecureRandom.token()
        tables.withLock { _ = $0.signIns.insert(signIn, for: id) }
        return .success(id)
    }

    /// The person typed an email on the sign-in form; nil when the sign-in
    /// is unknown or expired.
    func signIn(_ id: String, email: String) -> (user: User, scope: String)? {
        let user = Self.user(email: email)
        let time = now()
        return tables.withLock { tables in
            guard let signIn = tables.signIns[id], time.timeIntervalSince(signIn.startedAt) < Self.signInLifetime else { return nil }
            tables.signIns.update(id) { $0.user = user }
            return (user, signIn.scope)
        }
    }

    /// Approve or deny: where to send the browser back to, with a code or
    /// `access_denied` (RFC 6749 §4.1.2). The sign-in is used up either way.
    func decide(_ id: String, approve: Bool) -> String? {
        let time = now()
        return tables.withLock { tables -> String? in
            guard let signIn = tables.signIns.remove(id), let user = signIn.user,
                  time.timeIntervalSince(signIn.startedAt) < Self.signInLifetime else { return nil }
            var parameters: [(String, String)]
            if approve {
                let code = SecureRandom.token()
                tables.codes.insert(IssuedCode(user: user, scope: signIn.scope, nonce: signIn.nonce,
                                               codeChallenge: signIn.codeChallenge, expiresAt: time + Self.codeLifetime), for: code)
                parameters = [("code", code)]
            } else {
                parameters = [("error", "access_denied"), ("error_description", "The user denied the request.")]
            }
            if let state = signIn.state { parameters.append(("state", state)) }
            // RFC 9207: which server answered, so the client can spot a mix-up.
            if let openID { parameters.append(("iss", openID.issuer)) }
            let separator = redirectURI.contains("?") ? "&" : "?"
            return redirectURI + separator + FormURLEncoding.encode(parameters)
        }
    }

    /// `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.6).
    func exchange(_ form: FormParameters) -> Result<Grant, Refusal> {
        guard form.single("client_id") == DemoMode.clientID else { return .failure(Self.invalidClient) }
        let time = now()
        return tables.withLock { tables -> Result<Grant, Refusal> in
            // Single use: the code is gone whatever the outcome.
            guard let code = form.single("code"), let issued = tables.codes.remove(code), issued.expiresAt > time else {
                return .failure(Refusal(error: "invalid_grant", description: "The code is unknown, used or expired."))
            }
            guard form.single("redirect_uri") == redirectURI else {
                return .failure(Refusal(error: "invalid_grant", description: "redirect_uri differs from the authorize request's."))
            }
            guard let verifier = form.single("code_verifier").flatMap(PKCE.init(verifier:)),
                  constantTimeEquals(Array(verifier.challenge.utf8), Array(issued.codeChallenge.utf8)) else {
                return .failure(Refusal(error: "invalid_grant", description: "The code verifier does not match the challenge."))
            }
            var grant = tables.issueTokens(for: issued.user, scope: issued.scope, at: time)
            grant.idToken = idToken(for: issued, at: time)
            return .success(grant)
        }
    }

    /// OpenID Connect Core §2: who signed in, for whom, until when, and the sign-in's nonce.
    private func idToken(for code: IssuedCode, at time: Date) -> String? {
        guard let openID, Configuration.includesOpenID(code.scope) else { return nil }
        let issuedAt = Int(time.timeIntervalSince1970)
        return try? openID.signingKey.idToken(DemoSigningKey.Claims(
            iss: openID.issuer, sub: code.user.id, aud: DemoMode.clientID, exp: issuedAt + Int(Self.accessTokenLifetime),
            iat: issuedAt, nonce: code.nonce, email: code.user.email, name: code.user.name
        ))
    }

    /// RFC 7009 §2.1: forgets the token, whichever kind it is; unknown tokens are fine (§2.2).
    func revoke(_ form: FormParameters) -> Result<Void, Refusal> {
        guard form.single("client_id") == DemoMode.clientID else { return .failure(Self.invalidClient) }
        guard let token = form.single("token") else {
            return .failure(Refusal(error: "invalid_request", description: "Name the token to revoke."))
        }
        tables.withLock { tables in
            _ = tables.accessTokens.remove(token)
            _ = tables.refreshTokens.remove(token)
        }
        return .success(())
    }

    /// `grant_type=refresh_token` (RFC 6749 §6); the old refresh token is
    /// revoked and a new one issued, as Frame.io rotates them.
    func refresh(_ form: FormParameters) -> Result<Grant, Refusal> {
        guard form.single("client_id") == DemoMode.clientID else { return .failure(Self.invalidClient) }
        let time = now()
        return tables.withLock { tables -> Result<Grant, Refusal> in
            guard let token = form.single("refresh_token"), let issued = tables.refreshTokens.remove(token), issued.expiresAt > time else {
                return .failure(Refusal(error: "invalid_grant", description: "The refresh token is unknown, used or expired."))
            }
            return .success(tables.issueTokens(for: issued.user, scope: form.single("scope") ?? issued.scope, at: time))
        }
    }

    /// Who a live access token belongs to.
    func user(forAccessToken token: String) -> User? {
        let time = now()
        return tables.withLock { tables -> User? in
            guard let issued = tables.accessTokens[token], issued.expiresAt > time else { return nil }
            return issued.user
        }
    }

    private static let invalidClient = Refusal(error: "invalid_client", description: "Unknown client.")

    /// The same email always gives the same demo user, so signing in again
    /// replaces that user's tokens as it would on Frame.io.
    static func user(email: String) -> User {
        let digest = SHA256.digest(email.lowercased())
        let id = "demo-" + Hex.encode(digest.prefix(6))
        let name = email.split(separator: "@").first.map(String.init) ?? email
        return User(id: id, email: email, name: name)
    }
}
