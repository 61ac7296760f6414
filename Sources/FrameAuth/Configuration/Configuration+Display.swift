/// How settings are shown: in the `--check-config` report, and whenever a
/// `Configuration` is printed, interpolated or dumped, so a stray
/// `print(configuration)` cannot leak a secret.
extension Configuration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `key`'s value as text; a secret only as whether it is set.
    public func displayValue(of key: ConfigurationKey) -> String {
        switch key {
        case .provider: provider.rawValue
        case .host: host
        case .port: port == 0 ? "0 (a free port, picked at start)" : String(port)
        case .clientID: clientID ?? "not set"
        case .clientSecret: Self.mask(clientSecret)
        case .pkce: pkce ? "true" : "false"
        case .redirectURI:
            redirectURI ?? (port == 0 ? "http://127.0.0.1:<bound port>/callback" : redirectURI(boundPort: port))
        case .scopes: scopes
        case .authorizeURL: authorizeURL
        case .tokenURL: tokenURL
        case .userinfoURL: userinfoURL
        case .issuer: issuer.isEmpty ? "none" : issuer
        case .jwksURL: jwksURL.isEmpty ? "none" : jwksURL
        case .revocationURL: revocationURL.isEmpty ? "none (revocation off)" : revocationURL
        case .dataDir: dataDir
        case .storeURL: storeURL.map(ConfigurationRules.shownStoreURL) ?? "not set (sessions in data_dir)"
        case .publicDir: publicDir
        case .apiKey:
            switch apiKeys.count {
            case 0: "not set (integrator API off)"
            case 1: Self.mask(apiKeys)
            case let count: "\(count) keys, \(Self.mask(apiKeys))"
            }
        case .encryptionKey: encryptionKey == nil ? "not set (generated into data_dir)" : Self.mask(encryptionKey)
        case .previousEncryptionKeys:
            switch previousEncryptionKeys.count {
            case 0: "none"
            case 1: "1 key, \(Self.mask(previousEncryptionKeys))"
            case let count: "\(count) keys, \(Self.mask(previousEncryptionKeys))"
            }
        case .trustedProxies: trustedProxies.isEmpty ? "none" : trustedProxies.joined(separator: ", ")
        case .metricsPort: metricsPort.map(String.init) ?? "off"
        case .refreshSkewSeconds: "\(refreshSkewSeconds) s"
        case .refreshTokenLifetimeDays: "\(refreshTokenLifetimeDays) days"
        }
    }

    private static func mask<Secret>(_ secret: Secret?) -> String {
        secret == nil ? "not set" : "set (hidden)"
    }

    public var description: String {
        let fields = ConfigurationKey.allCases.map { "\($0.fileKey): \(displayValue(of: $0))" }
        return "Configuration(\(fields.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ConfigurationKey.allCases.map { (label: $0.fileKey, value: displayValue(of: $0) as Any) })
    }
}
