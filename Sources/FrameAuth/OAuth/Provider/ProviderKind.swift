/// Which Frame.io platform FrameAuth signs people in to (CONTRACT §7), and
/// what each one's endpoints and lifetimes are unless configured otherwise.
public enum ProviderKind: String, CaseIterable, Sendable {
    /// Frame.io V4: Adobe IMS, with OpenID Connect.
    case v4 = "frameio-v4"
    /// The legacy V2 platform (CONTRACT §1), which Frame.io is retiring.
    case legacy = "frameio-legacy"

    /// The settings a platform implies; every one can be overridden.
    public struct Defaults: Sendable, Equatable {
        public let authorizeURL: String
        public let tokenURL: String
        public let userinfoURL: String
        public let scopes: String
        /// Empty where the platform has none: the legacy one is not an OpenID provider.
        public let issuer: String
        public let jwksURL: String
        /// Empty: no revocation endpoint, so nothing is revoked.
        public let revocationURL: String
        public let refreshTokenLifetimeDays: Int
    }

    public var defaults: Defaults {
        switch self {
        case .v4:
            Defaults(
                authorizeURL: "https://ims-na1.adobelogin.com/ims/authorize/v2",
                tokenURL: "https://ims-na1.adobelogin.com/ims/token/v3",
                userinfoURL: "https://api.frame.io/v4/me",
                scopes: "openid email profile offline_access additional_info.roles",
                issuer: "https://ims-na1.adobelogin.com",
                jwksURL: "https://ims-na1.adobelogin.com/ims/keys",
                revocationURL: "https://ims-na1.adobelogin.com/ims/revoke",
                refreshTokenLifetimeDays: 14
            )
        case .legacy:
            Defaults(
                authorizeURL: "https://applications.frame.io/oauth2/auth",
                tokenURL: "https://applications.frame.io/oauth2/token",
                userinfoURL: "https://api.frame.io/v2/me",
                scopes: "offline account.read asset.read",
                issuer: "", jwksURL: "", revocationURL: "",
                refreshTokenLifetimeDays: 30
            )
        }
    }
}
