/// One setting, with every name it goes by: its config-file key (the raw
/// value), its environment variables and its command-line flag (contract §2).
public enum ConfigurationKey: String, CaseIterable, Sendable {
    case provider
    case host
    case port
    case clientID = "client_id"
    case clientSecret = "client_secret"
    case pkce
    case redirectURI = "redirect_uri"
    case scopes
    case authorizeURL = "authorize_url"
    case tokenURL = "token_url"
    case userinfoURL = "userinfo_url"
    case issuer
    case jwksURL = "jwks_url"
    case revocationURL = "revocation_url"
    case dataDir = "data_dir"
    case storeURL = "store_url"
    case publicDir = "public_dir"
    case apiKey = "api_key"
    case encryptionKey = "encryption_key"
    case previousEncryptionKeys = "previous_encryption_keys"
    case trustedProxies = "trusted_proxies"
    case metricsPort = "metrics_port"
    case refreshSkewSeconds = "refresh_skew_seconds"
    case refreshTokenLifetimeDays = "refresh_token_lifetime_days"

    /// The shape a value must have in the JSON config file; environment
    /// variables and flags are always text and are converted to it.
    enum Kind {
        case text, integer, boolean, list
    }

    var kind: Kind {
        switch self {
        case .port, .metricsPort, .refreshSkewSeconds, .refreshTokenLifetimeDays: .integer
        case .pkce: .boolean
        case .trustedProxies: .list
        default: .text
        }
    }

    /// The key in the JSON config file.
    var fileKey: String { rawValue }

    /// Environment variables, in the order they are looked up; `PORT` is the
    /// one platforms such as Heroku and Cloud Run set.
    var environmentNames: [String] {
        switch self {
        case .provider: ["FRAMEAUTH_PROVIDER"]
        case .host: ["FRAMEAUTH_HOST"]
        case .port: ["PORT", "FRAMEAUTH_PORT"]
        case .clientID: ["CLIENT_ID"]
        case .clientSecret: ["CLIENT_SECRET"]
        case .pkce: ["FRAMEAUTH_PKCE"]
        case .redirectURI: ["REDIRECT_URI"]
        case .scopes: ["SCOPES"]
        case .authorizeURL: ["FRAMEAUTH_AUTHORIZE_URL"]
        case .tokenURL: ["FRAMEAUTH_TOKEN_URL"]
        case .userinfoURL: ["FRAMEAUTH_USERINFO_URL"]
        case .issuer: ["FRAMEAUTH_ISSUER"]
        case .jwksURL: ["FRAMEAUTH_JWKS_URL"]
        case .revocationURL: ["FRAMEAUTH_REVOCATION_URL"]
        case .dataDir: ["FRAMEAUTH_DATA_DIR"]
        case .storeURL: ["FRAMEAUTH_STORE_URL"]
        case .publicDir: ["FRAMEAUTH_PUBLIC_DIR"]
        case .apiKey: ["FRAMEAUTH_API_KEY"]
        case .encryptionKey: ["FRAMEAUTH_ENCRYPTION_KEY"]
        case .previousEncryptionKeys: ["FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS"]
        case .trustedProxies: ["FRAMEAUTH_TRUSTED_PROXIES"]
        case .metricsPort: ["FRAMEAUTH_METRICS_PORT"]
        case .refreshSkewSeconds: ["FRAMEAUTH_REFRESH_SKEW_SECONDS"]
        case .refreshTokenLifetimeDays: ["FRAMEAUTH_REFRESH_TOKEN_LIFETIME_DAYS"]
        }
    }

    /// Whether an empty value is a setting rather than "not set": an empty
    /// `revocation_url` turns revocation off (CONTRACT §7). For every other
    /// key an empty environment variable counts as unset, since Compose
    /// expands an unset `${VAR}` to one.
    var acceptsEmptyValue: Bool { self == .revocationURL }

    /// The command-line flag. Secrets deliberately have none: a command line
    /// is visible to every local user in `ps` and `/proc/<pid>/cmdline`.
    var flag: String? {
        switch self {
        case .clientSecret, .apiKey, .encryptionKey, .previousEncryptionKeys, .storeURL: nil
        case .pkce: "--pkce"
        default: "--" + rawValue.replacingUnderscores()
        }
    }

    /// Never printed, logged or echoed in a problem; may also come from a
    /// file named by `<name>_FILE` (Docker and Kubernetes secrets).
    /// `store_url` may hold Redis's password: it is shown only with the
    /// password masked.
    public var isSecret: Bool {
        switch self {
        case .clientSecret, .apiKey, .encryptionKey, .previousEncryptionKeys, .storeURL: true
        default: false
        }
    }

    /// The config-file key naming a file that holds this secret.
    var fileReferenceKey: String { fileKey + "_file" }

    /// The environment variable naming a file that holds this secret.
    var fileReferenceEnvironmentName: String { environmentNames[0] + "_FILE" }

    /// The environment variable naming the config file.
    static let configFileVariable = "FRAMEAUTH_CONFIG"
}

private extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
