/// The authorize URL /login redirects to (RFC 6749 §4.1.1, RFC 7636 §4.3).
enum AuthorizationRequest {
    static func url(settings: OAuthSettings, state: String, pkce: PKCE?) -> String {
        var parameters = [
            ("response_type", "code"),
            ("client_id", settings.clientID),
            ("redirect_uri", settings.redirectURI),
            ("scope", settings.scopes),
            ("state", state),
        ]
        if let pkce {
            parameters.append(("code_challenge", pkce.challenge))
            parameters.append(("code_challenge_method", PKCE.challengeMethod))
        }
        // RFC 6749 §3.1: the endpoint URL may carry a query of its own, which must be kept.
        let separator = settings.authorizeURL.contains("?") ? "&" : "?"
        return settings.authorizeURL + separator + FormURLEncoding.encode(parameters)
    }
}
