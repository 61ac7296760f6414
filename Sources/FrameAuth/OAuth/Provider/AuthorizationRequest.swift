/// The authorize URL /login redirects to (RFC 6749 §4.1.1, RFC 7636 §4.3,
/// OpenID Connect Core §3.1.2.1). Everything but `state`, the challenge and
/// the nonce is the same for every login, so it is encoded once.
struct AuthorizationRequest: Sendable {
    private let prefix: String

    init(settings: OAuthSettings) {
        // RFC 6749 §3.1: the endpoint URL may carry a query of its own, which must be kept.
        let separator = settings.authorizeURL.utf8.contains(UInt8(ascii: "?")) ? "&" : "?"
        prefix = settings.authorizeURL + separator + FormURLEncoding.encode([
            ("response_type", "code"),
            ("client_id", settings.clientID),
            ("redirect_uri", settings.redirectURI),
            ("scope", settings.scopes),
        ])
    }

    func url(state: String, pkce: PKCE?, nonce: String?) -> String {
        // `state`, the challenge and the nonce are base64url, which needs no
        // further encoding.
        String(writing: { url in
            url.write(prefix)
            url.write("&state=")
            url.write(state)
            if let pkce {
                url.write("&code_challenge=")
                url.write(pkce.challenge)
                // Always explicit: Adobe IMS takes a missing method to mean `plain`.
                url.write("&code_challenge_method=")
                url.write(PKCE.challengeMethod)
            }
            if let nonce {
                url.write("&nonce=")
                url.write(nonce)
            }
        })
    }
}
