/// Turns the merged raw settings into a `Configuration`, converting text to
/// its type, reading `*_FILE` secrets and checking every value, collecting
/// every problem rather than stopping at the first.
struct ConfigurationResolver {
    let settings: [ConfigurationKey: RawSetting]
    let workingDirectory: String
    /// Reads the files `*_FILE` settings name.
    let read: ConfigurationFileReader.Read
    private(set) var problems: [ConfigurationProblem] = []
    private(set) var origins: [ConfigurationKey: ConfigurationOrigin] = [:]

    init(settings: [ConfigurationKey: RawSetting], workingDirectory: String, read: @escaping ConfigurationFileReader.Read) {
        self.settings = settings
        self.workingDirectory = workingDirectory
        self.read = read
    }

    mutating func resolve() -> Configuration {
        var configuration = Configuration(provider: provider())
        resolveListener(into: &configuration)
        resolveApp(into: &configuration)
        resolveEndpoints(into: &configuration)
        resolveStorage(into: &configuration)
        resolveAPIKeys(into: &configuration)
        resolveEncryptionKeys(into: &configuration)
        resolveOperations(into: &configuration)
        resolveTokenLifetimes(into: &configuration)
        checkCombinations(configuration)
        return configuration
    }

    /// Where the server listens.
    private mutating func resolveListener(into configuration: inout Configuration) {
        if let host = text(.host) {
            check(.host, ConfigurationRules.isIPLiteral(host) ? nil
                : "\(ConfigurationRules.quoted(host)) is not an IP address; use a literal such as 127.0.0.1, ::1 or 0.0.0.0 (no brackets, no host names)")
            configuration.host = host
        }
        if let port = integer(.port) {
            check(.port, ConfigurationRules.portProblem(port))
            configuration.port = port
        }
    }

    /// The Frame.io app: client id and secret, PKCE, redirect URI, scopes.
    private mutating func resolveApp(into configuration: inout Configuration) {
        // Only the config file can give "": the environment and .env take an
        // empty value as unset, and a flag needs one.
        configuration.clientID = text(.clientID)
        if configuration.clientID?.isEmpty == true {
            check(.clientID, "is empty; copy the client id from the Frame.io developer console, or leave it unset (null) to run the demo")
        } else if configuration.clientID.map(ConfigurationRules.hasWhitespaceOrControl) == true {
            check(.clientID, "has spaces or control characters; copy the client id from the Frame.io developer console exactly")
        }
        configuration.clientSecret = secret(.clientSecret)
        if configuration.clientSecret?.isEmpty == true {
            check(.clientSecret, "is empty; copy the client secret from the Frame.io developer console, or leave it unset (null) for a PKCE app")
        } else if configuration.clientSecret.map(ConfigurationRules.hasWhitespaceOrControl) == true {
            check(.clientSecret, "has spaces or control characters; copy the client secret from the Frame.io developer console exactly")
        }
        configuration.pkce = boolean(.pkce) ?? !configuration.isConfidential
        if let uri = text(.redirectURI) {
            check(.redirectURI, ConfigurationRules.endpointProblem(uri)
                ?? RedirectURIRules.path(of: uri).flatMap(RedirectURIRules.pathProblem))
            configuration.redirectURI = uri
        }
        if let scopes = text(.scopes) {
            switch ConfigurationRules.normalizedScopes(scopes) {
            case .success(let normalized): configuration.scopes = normalized
            case .failure(let problem): check(.scopes, problem.message(defaultScopes: configuration.provider.defaults.scopes))
            }
        }
    }

    /// The provider's endpoints, each defaulting to the provider's own.
    private mutating func resolveEndpoints(into configuration: inout Configuration) {
        configuration.authorizeURL = endpoint(.authorizeURL) ?? configuration.authorizeURL
        configuration.tokenURL = endpoint(.tokenURL) ?? configuration.tokenURL
        configuration.userinfoURL = endpoint(.userinfoURL) ?? configuration.userinfoURL
        configuration.issuer = endpoint(.issuer) ?? configuration.issuer
        configuration.jwksURL = endpoint(.jwksURL) ?? configuration.jwksURL
        configuration.revocationURL = endpoint(.revocationURL, emptyTurnsOff: true) ?? configuration.revocationURL
    }

    /// Where sessions and pages live: the data and public folders, or Redis.
    private mutating func resolveStorage(into configuration: inout Configuration) {
        configuration.dataDir = directory(.dataDir, default: configuration.dataDir)
        configuration.publicDir = directory(.publicDir, default: configuration.publicDir)
        if let storeURL = secret(.storeURL) {
            check(.storeURL, ConfigurationRules.storeURLProblem(storeURL))
            configuration.storeURL = storeURL
        }
    }

    /// The integrator API's keys; none turns the API off.
    private mutating func resolveAPIKeys(into configuration: inout Configuration) {
        if let listed = secret(.apiKey) {
            configuration.apiKeys = ConfigurationRules.commaSeparated(listed)
            check(.apiKey, ConfigurationRules.apiKeysProblem(configuration.apiKeys))
        }
    }

    /// The key tokens are sealed with at rest, and earlier keys still to be opened.
    private mutating func resolveEncryptionKeys(into configuration: inout Configuration) {
        if let encoded = secret(.encryptionKey) {
            configuration.encryptionKey = ConfigurationRules.encryptionKey(fromBase64: encoded)
            if configuration.encryptionKey == nil { check(.encryptionKey, ConfigurationRules.encryptionKeyProblem) }
        }
        if let listed = secret(.previousEncryptionKeys) {
            let encoded = ConfigurationRules.commaSeparated(listed)
            for (index, key) in encoded.enumerated() {
                if let decoded = ConfigurationRules.encryptionKey(fromBase64: key) {
                    configuration.previousEncryptionKeys.append(decoded)
                } else {
                    let which = encoded.count == 1 ? "" : "key \(index + 1) of \(encoded.count) "
                    check(.previousEncryptionKeys, which + ConfigurationRules.encryptionKeyProblem)
                }
            }
        }
    }

    /// Trusted proxies and the metrics port.
    private mutating func resolveOperations(into configuration: inout Configuration) {
        if let proxies = list(.trustedProxies) {
            for proxy in proxies where !ConfigurationRules.isIPLiteral(proxy) {
                check(.trustedProxies, "\(ConfigurationRules.quoted(proxy)) is not an IP address; list proxies as IP literals such as 10.0.0.2 or fd00::2")
            }
            configuration.trustedProxies = proxies
        }
        if let metricsPort = integer(.metricsPort) {
            check(.metricsPort, ConfigurationRules.portProblem(metricsPort))
            configuration.metricsPort = metricsPort
        }
    }

    /// When tokens are refreshed, and how long refresh tokens live.
    private mutating func resolveTokenLifetimes(into configuration: inout Configuration) {
        if let skew = integer(.refreshSkewSeconds) {
            if !(0...3_000).contains(skew) { check(.refreshSkewSeconds, "must be from 0 to 3000 seconds (an access token lives 3600); the default is 60") }
            configuration.refreshSkewSeconds = skew
        }
        if let days = integer(.refreshTokenLifetimeDays) {
            if !(1...3_650).contains(days) {
                check(.refreshTokenLifetimeDays, "must be from 1 to 3650 days; \(configuration.provider.rawValue) refresh tokens live \(configuration.provider.defaults.refreshTokenLifetimeDays)")
            }
            configuration.refreshTokenLifetimeDays = days
        }
    }

    private mutating func checkCombinations(_ configuration: Configuration) {
        if configuration.isDemo {
            if configuration.isConfidential {
                check(.clientSecret, "is set but no client id is; set CLIENT_ID too, or remove the secret to run the demo")
            }
            // A forgotten CLIENT_ID must not quietly turn a real deployment into the demo.
            for key in [ConfigurationKey.authorizeURL, .tokenURL, .userinfoURL, .issuer, .jwksURL, .revocationURL] where settings[key] != nil {
                check(key, "is set but no client id is; set CLIENT_ID too, or remove it to run the demo")
            }
            // Settings only a deployment has: behind a proxy on the same host,
            // a demo would be public, and an integrator would get demo tokens.
            let deployment: [(ConfigurationKey, Bool)] = [
                (.redirectURI, configuration.redirectURI.map { RedirectURIRules.origin(of: $0)?.hasPrefix("https://") == true } ?? false),
                (.apiKey, !configuration.apiKeys.isEmpty),
                (.trustedProxies, !configuration.trustedProxies.isEmpty),
                (.storeURL, configuration.storeURL != nil),
                (.previousEncryptionKeys, !configuration.previousEncryptionKeys.isEmpty),
            ]
            for (key, isSet) in deployment where isSet {
                check(key, "is set as for a deployment, but no client id is, so FrameAuth would start its public-facing demo; set CLIENT_ID to your app's client id, or remove this setting to run the demo")
            }
            if !ConfigurationRules.isLoopbackLiteral(configuration.host) {
                check(.host, "\(ConfigurationRules.quoted(configuration.host)) is not a loopback address, and with no client id FrameAuth runs its demo, which serves only on loopback; set CLIENT_ID to your Frame.io app's client id, or bind 127.0.0.1")
            }
        }
        // OpenID Connect needs both to verify the id_token (CONTRACT §7).
        if configuration.requestsOpenID && !configuration.isDemo {
            for (key, value) in [(ConfigurationKey.issuer, configuration.issuer), (.jwksURL, configuration.jwksURL)] where value.isEmpty {
                check(key, "is not set, but the scopes include openid, whose id_token is checked against it; set it (for Adobe IMS: \(ProviderKind.v4.defaults.issuer) and \(ProviderKind.v4.defaults.jwksURL)), or remove openid from the scopes")
            }
        }
        if !configuration.isConfidential && !configuration.pkce && !configuration.isDemo {
            check(.pkce, "is false, but a PKCE app (one without a client secret) needs pkce: true; set it to true, or set CLIENT_SECRET if Frame.io issued one")
        }
        // Replicas must all open what any of them sealed (CONTRACT §8).
        if configuration.storeURL != nil && configuration.encryptionKey == nil && !configuration.isDemo {
            check(.storeURL, "is set, so sessions are shared through Redis, but FRAMEAUTH_ENCRYPTION_KEY is not: a key generated by one replica could not be shared with the others; set FRAMEAUTH_ENCRYPTION_KEY (or _FILE) to the same key on every replica")
        }
        if let metricsPort = configuration.metricsPort, metricsPort != 0, metricsPort == configuration.port {
            check(.metricsPort, "is the same as port; give metrics a port of its own")
        }
    }

    // MARK: - Reading one key

    private mutating func raw(_ key: ConfigurationKey) -> RawSetting? {
        guard let setting = settings[key] else { return nil }
        origins[key] = setting.origin
        return setting
    }

    private mutating func text(_ key: ConfigurationKey) -> String? {
        guard let setting = raw(key), case .text(let value) = setting.value else { return nil }
        return value
    }

    private mutating func integer(_ key: ConfigurationKey) -> Int? {
        guard let setting = raw(key) else { return nil }
        switch setting.value {
        case .integer(let value): return value
        case .text(let value):
            if let number = ConfigurationRules.integer(value) { return number }
            check(key, "\(ConfigurationRules.quoted(value)) is not a whole number; use digits only, such as 8080")
        default: break
        }
        return nil
    }

    private mutating func boolean(_ key: ConfigurationKey) -> Bool? {
        guard let setting = raw(key) else { return nil }
        switch setting.value {
        case .boolean(let value): return value
        case .text(let value):
            if let flag = ConfigurationRules.boolean(value) { return flag }
            check(key, "\(ConfigurationRules.quoted(value)) is not a boolean; use true or false (or 1/0, yes/no)")
        default: break
        }
        return nil
    }

    private mutating func list(_ key: ConfigurationKey) -> [String]? {
        guard let setting = raw(key) else { return nil }
        switch setting.value {
        case .list(let value): return value
        case .text(let value): return ConfigurationRules.list(value)
        default: return nil
        }
    }

    /// A URL FrameAuth calls or compares with; `emptyTurnsOff` lets "" through as "none".
    private mutating func endpoint(_ key: ConfigurationKey, emptyTurnsOff: Bool = false) -> String? {
        guard let url = text(key) else { return nil }
        if !(emptyTurnsOff && url.isEmpty) { check(key, ConfigurationRules.endpointProblem(url)) }
        return url
    }

    /// Read first, since it sets the defaults every other key starts from.
    private mutating func provider() -> ProviderKind {
        guard let name = text(.provider) else { return .v4 }
        guard let provider = ProviderKind(rawValue: name) else {
            let choices = ProviderKind.allCases.map(\.rawValue).joined(separator: " or ")
            check(.provider, "\(ConfigurationRules.quoted(name)) is not a provider; use \(choices) (Frame.io V4 accounts sign in through Adobe IMS)")
            return .v4
        }
        return provider
    }

    /// Relative paths, defaults included, are taken from the working
    /// directory, so the report shows where data actually goes.
    private mutating func directory(_ key: ConfigurationKey, default defaultPath: String) -> String {
        ConfigurationFileReader.resolve(text(key) ?? defaultPath, in: workingDirectory)
    }

    /// The secret itself, or the contents of the file its `*_FILE` names,
    /// without the trailing newline editors and `echo` add. Problems name
    /// the variable and the path, never the contents.
    private mutating func secret(_ key: ConfigurationKey) -> String? {
        guard let setting = raw(key), case .text(let value) = setting.value else { return nil }
        guard setting.isFileReference else { return value }
        let path = ConfigurationFileReader.resolve(value, in: workingDirectory)
        switch read(path, SignInLimits.maxSecretFileBytes) {
        case .failure(let failure):
            check(key, "cannot read \(path): \(failure.reason); point it at a readable file holding only the secret")
            return nil
        case .success(let bytes):
            guard var text = String(validating: bytes, as: UTF8.self) else {
                check(key, "\(path) is not UTF-8 text; it should hold only the secret")
                return nil
            }
            while let last = text.last, last == "\n" || last == "\r\n" || last == "\r" { text.removeLast() }
            guard !text.isEmpty else {
                check(key, "\(path) is empty; put the secret in it, or unset \(setting.origin.name)")
                return nil
            }
            return text
        }
    }

    private mutating func check(_ key: ConfigurationKey, _ message: String?) {
        guard let message else { return }
        problems.append(ConfigurationProblem(origins[key] ?? .defaultValue(key), message))
    }
}
