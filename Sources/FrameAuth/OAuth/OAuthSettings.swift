/// What the OAuth flow needs to know about the Frame.io app and endpoints,
/// resolved from the configuration once the port is bound.
public struct OAuthSettings: Sendable {
    public let provider: ProviderKind
    public let clientID: String
    /// Present: a confidential app (Basic client authentication).
    public let clientSecret: String?
    public let usesPKCE: Bool
    public let redirectURI: String
    public let scopes: String
    public let authorizeURL: String
    public let tokenURL: String
    public let userinfoURL: String
    /// Empty: not an OpenID provider, and any `iss` on the callback is not checked.
    public let issuer: String
    public let jwksURL: String
    /// Empty: nothing is revoked.
    public let revocationURL: String
    /// `openid` is among the scopes: a `nonce` goes out and an id_token must come back.
    public let requestsOpenID: Bool
    /// Who may receive the tokens of a session signed in under these settings.
    let sessionBinding: SessionBinding
    /// Cookies get `Secure` when the browser reaches us over https.
    public let usesHTTPS: Bool
    /// `scheme://host[:port]` of the redirect URI: the only origin our pages live on.
    public let origin: String
    /// The callback route: the redirect URI's path.
    public let callbackPath: String

    public init(provider: ProviderKind, clientID: String, clientSecret: String?, usesPKCE: Bool, redirectURI: String,
                scopes: String, authorizeURL: String, tokenURL: String, userinfoURL: String,
                issuer: String = "", jwksURL: String = "", revocationURL: String = "") {
        self.provider = provider
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.usesPKCE = usesPKCE
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.authorizeURL = authorizeURL
        self.tokenURL = tokenURL
        self.userinfoURL = userinfoURL
        self.issuer = issuer
        self.jwksURL = jwksURL
        self.revocationURL = revocationURL
        // Derived once: /login and every browser request read them.
        requestsOpenID = Configuration.includesOpenID(scopes)
        sessionBinding = SessionBinding(provider: provider.rawValue, issuer: issuer, tokenURL: tokenURL, clientID: clientID)
        usesHTTPS = redirectURI.lowercased().hasPrefix("https://")
        origin = RedirectURIRules.origin(of: redirectURI) ?? redirectURI
        callbackPath = RedirectURIRules.path(of: redirectURI) ?? "/callback"
    }

    /// The configured Frame.io app and endpoints, once the port is bound
    /// (the default redirect URI names it).
    init(_ configuration: Configuration, boundPort: Int) {
        self.init(
            provider: configuration.provider, clientID: configuration.clientID ?? "",
            clientSecret: configuration.clientSecret, usesPKCE: configuration.pkce,
            redirectURI: configuration.redirectURI(boundPort: boundPort), scopes: configuration.scopes,
            authorizeURL: configuration.authorizeURL, tokenURL: configuration.tokenURL, userinfoURL: configuration.userinfoURL,
            issuer: configuration.issuer, jwksURL: configuration.jwksURL, revocationURL: configuration.revocationURL
        )
    }
}
