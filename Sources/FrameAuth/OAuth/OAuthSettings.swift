/// What the OAuth flow needs to know about the Frame.io app and endpoints,
/// resolved from the configuration once the port is bound.
public struct OAuthSettings: Sendable {
    public var clientID: String
    /// Present: a confidential app (Basic client authentication).
    public var clientSecret: String?
    public var usesPKCE: Bool
    public var redirectURI: String
    public var scopes: String
    public var authorizeURL: String
    public var tokenURL: String
    public var userinfoURL: String

    public init(clientID: String, clientSecret: String?, usesPKCE: Bool, redirectURI: String, scopes: String,
                authorizeURL: String, tokenURL: String, userinfoURL: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.usesPKCE = usesPKCE
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.authorizeURL = authorizeURL
        self.tokenURL = tokenURL
        self.userinfoURL = userinfoURL
    }

    /// The configured Frame.io app and endpoints, once the port is bound
    /// (the default redirect URI names it).
    init(_ configuration: Configuration, boundPort: Int) {
        self.init(
            clientID: configuration.clientID ?? "", clientSecret: configuration.clientSecret, usesPKCE: configuration.pkce,
            redirectURI: configuration.redirectURI(boundPort: boundPort), scopes: configuration.scopes,
            authorizeURL: configuration.authorizeURL, tokenURL: configuration.tokenURL, userinfoURL: configuration.userinfoURL
        )
    }

    /// Cookies get `Secure` when the browser reaches us over https.
    public var usesHTTPS: Bool { redirectURI.lowercased().hasPrefix("https://") }

    /// `scheme://host[:port]` of the redirect URI: the only origin our pages live on.
    public var origin: String { RedirectURIRules.origin(of: redirectURI) ?? redirectURI }

    /// The callback route: the redirect URI's path.
    public var callbackPath: String { RedirectURIRules.path(of: redirectURI) ?? "/callback" }
}
