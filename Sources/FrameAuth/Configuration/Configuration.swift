/// Everything FrameAuth needs to start, after every source has been merged
/// and validated (`ConfigurationLoader`). The defaults are contract §2's.
public struct Configuration: Sendable, Equatable {
    /// Which Frame.io platform to sign in to; it sets the defaults of the
    /// endpoints, scopes and refresh-token lifetime below.
    public var provider = ProviderKind.v4
    /// Address to bind: an IPv4 or IPv6 literal.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port = 8080
    /// The Frame.io OAuth app's client id; nil runs the demo stand-in.
    public var clientID: String?
    /// Present for a confidential app, absent for a PKCE app.
    public var clientSecret: String?
    /// Send a PKCE challenge (RFC 7636). Required without a secret.
    public var pkce = true
    /// The app's registered redirect URI; nil means the loopback default,
    /// which is known only once the port is bound (see `redirectURI(boundPort:)`).
    public var redirectURI: String?
    /// Space-delimited scope tokens (RFC 6749 §3.3).
    public var scopes: String
    public var authorizeURL: String
    public var tokenURL: String
    public var userinfoURL: String
    /// The authorization server's identifier (RFC 9207 `iss`, the id_token's
    /// `iss`); empty for a provider that is not an OpenID provider.
    public var issuer: String
    /// Where the id_token signing keys are (RFC 7517 key set).
    public var jwksURL: String
    /// RFC 7009 token revocation; empty turns revocation off.
    public var revocationURL: String
    /// Where sessions persist.
    public var dataDir = "./data"
    /// Pages, styles and images.
    public var publicDir = "./Public"
    /// The integrator API's keys, any of which is accepted (several while an
    /// integrator moves to a new one, CONTRACT §9); none leaves the API off.
    public var apiKeys: [String] = []
    /// 32 bytes sealing tokens at rest; nil means one is generated into `dataDir`.
    public var encryptionKey: [UInt8]?
    /// Earlier encryption keys, only to open what they sealed until it is
    /// sealed again with `encryptionKey` (CONTRACT §9).
    public var previousEncryptionKeys: [[UInt8]] = []
    /// The shared store's Redis (`redis://…` or `unix://…`); nil keeps
    /// sessions in the journal in `dataDir`.
    public var storeURL: String?
    /// IP literals whose `X-Forwarded-For` is believed (only the client
    /// address is taken from it; no other forwarded header is read).
    public var trustedProxies: [String] = []
    /// The separate port serving `/metrics`; nil: no metrics listener.
    public var metricsPort: Int?
    /// An access token expiring within this many seconds is refreshed before it is handed out.
    public var refreshSkewSeconds = 60
    /// How long a refresh token lives (14 days on V4, 30 on legacy); past it the session ends without a request.
    public var refreshTokenLifetimeDays: Int

    /// The built-in defaults, with `provider`'s endpoints, scopes and lifetimes.
    public init(provider: ProviderKind = .v4) {
        self.provider = provider
        let defaults = provider.defaults
        scopes = defaults.scopes
        authorizeURL = defaults.authorizeURL
        tokenURL = defaults.tokenURL
        userinfoURL = defaults.userinfoURL
        issuer = defaults.issuer
        jwksURL = defaults.jwksURL
        revocationURL = defaults.revocationURL
        refreshTokenLifetimeDays = defaults.refreshTokenLifetimeDays
    }

    /// `openid` is among the scopes: the sign-in is OpenID Connect, with a
    /// `nonce` and an id_token to verify.
    public var requestsOpenID: Bool { Self.includesOpenID(scopes) }

    static func includesOpenID(_ scopes: String) -> Bool {
        scopes.split(separator: " ").contains("openid")
    }

    /// A `client_secret` was issued: token requests use HTTP Basic.
    public var isConfidential: Bool { clientSecret != nil }

    /// No client id anywhere: run against the built-in Frame.io stand-in.
    public var isDemo: Bool { clientID == nil }

    /// `host` as it appears in a URL: IPv6 literals in brackets (RFC 3986 §3.2.2).
    public var hostInURL: String {
        host.contains(":") ? "[\(host)]" : host
    }

    /// The redirect URI sent to Frame.io. Without a configured one it is
    /// `http://127.0.0.1:<bound port>/callback` (contract §2), or `[::1]` when
    /// bound to IPv6 loopback only, where 127.0.0.1 would not reach us. Never
    /// derived from a request's `Host` or forwarded headers.
    public func redirectURI(boundPort: Int) -> String {
        if let redirectURI { return redirectURI }
        let loopback = host == "::1" ? "[::1]" : "127.0.0.1"
        return "http://\(loopback):\(boundPort)\(Self.defaultCallbackPath)"
    }

    /// The route that receives the authorization response: the redirect URI's
    /// path. It does not depend on the bound port.
    public var callbackPath: String {
        guard let redirectURI, let path = RedirectURIRules.path(of: redirectURI) else {
            return Self.defaultCallbackPath
        }
        return path
    }

    static let defaultCallbackPath = "/callback"
}
