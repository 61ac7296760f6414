/// What the OAuth flow needs to know about the Frame.io app and endpoints,
/// resolved from the configuration once the port is bound.
public struct OAuthSettings: Sendable {
    public var provider: ProviderKind
    public var clientID: String
    /// Present: a confidential app (Basic client authentication).
    public var clientSecret: String?
    public var usesPKCE: Bool
    public var redirectURI: String
    public var scopes: String
    public var authorizeURL: String
    public var tokenURL: String
    public var userinfoURL: String
    /// Empty: not an OpenID provider, and any `iss` on the callback is not checked.
    public var issuer: String
    public var jwksURL: String
    /// Empty: nothing is revoked.
    public var revocationURL: String

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

    /// `openid` is among the scopes: a `nonce` goes out and an id_token must come back.
    public var requestsOpenID: Bool { Configuration.includesOpenID(scopes) }

    /// Who may receive the tokens of a session signed in under these settings.
    var sessionBinding: SessionBinding {
        SessionBinding(provider: provider.rawValue, issuer: issuer, tokenURL: tokenURL, clientID: clientID)
    }

    /// Cookies get `Secure` when the browser reaches us over https.
    public var usesHTTPS: Bool { redirectURI.lowercased().hasPrefix("https://") }

    /// `scheme://host[:port]` of the redirect URI: the only origin our pages live on.
    public var origin: String { RedirectURIRules.origin(of: redirectURI) ?? redirectURI }

    /// The callback route: the redirect URI's path.
    public var callbackPath: String { RedirectURIRules.path(of: redirectURI) ?? "/callback" }
}
