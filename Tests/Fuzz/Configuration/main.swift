// libFuzzer target for configuration loading: the `.env` parser, the JSON
// config file reader, and the whole loader (ConfigurationLoader.load) over
// fuzzed flags, environment and files.
//
// The input is five parts separated by NUL bytes: command-line arguments
// (one per line), environment variables (KEY=VALUE lines), the `.env` file,
// the file `config.json` and the file `secret`, both in the working
// directory /fuzz. Files are served from memory; an empty part is a missing
// file, and every other path is missing too.

import FoundationEssentials

extension ConfigurationRules {
    /// Stands in for ConfigurationRules+Endpoint.swift, whose libcurl URL
    /// parser this target does not link: https URLs and http to 127.0.0.1
    /// pass, unless they carry credentials or a fragment, so that the
    /// loader's paths for both answers are reached.
    static func endpointProblem(_ url: String) -> String? {
        let scheme = url.hasPrefix("https://") || url.hasPrefix("http://127.0.0.1")
        return scheme && !url.contains("@") && !url.contains("#") ? nil : "is not a usable URL"
    }
}

extension ConfigurationRules {
    /// Stands in for ConfigurationRules+StoreURL.swift, whose Redis URL
    /// parser this target does not link: redis:// and unix:/// URLs pass.
    static func storeURLProblem(_ text: String) -> String? {
        text.hasPrefix("redis://") || text.hasPrefix("unix:///") ? nil : "must start with redis:// or unix://"
    }

    static func shownStoreURL(_ text: String) -> String { "a Redis URL" }
}

let workingDirectory = "/fuzz"

struct Input {
    var arguments: [String]
    var environment: [String: String] = [:]
    var dotEnv: [UInt8]
    var configFile: [UInt8]
    var secretFile: [UInt8]
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        let fields = parts(bytes, count: 5)
        arguments = fields[0].isEmpty ? [] : fields[0].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(text)
        for line in fields[1].split(separator: UInt8(ascii: "\n")) {
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")), equals > line.startIndex else { continue }
            environment[text(line[..<equals])] = text(line[(equals + 1)...])
        }
        dotEnv = fields[2]
        configFile = fields[3]
        secretFile = fields[4]
        self.bytes = bytes
    }

    func read(_ path: String, limit: Int) -> Result<[UInt8], ConfigurationFileReader.Failure> {
        let contents: [UInt8]
        switch path {
        case workingDirectory: return .failure(.unreadable(reason: "Is a directory"))
        case workingDirectory + "/.env": contents = dotEnv
        case workingDirectory + "/config.json": contents = configFile
        case workingDirectory + "/secret": contents = secretFile
        default: return .failure(.missing)
        }
        if contents.isEmpty { return .failure(.missing) }
        return contents.count > limit ? .failure(.tooLarge(limit: limit)) : .success(contents)
    }
}

func fuzz(_ bytes: [UInt8]) {
    let input = Input(bytes)
    dotEnvRoundTrip(input.dotEnv)
    configFileRoundTrip(input.configFile)
    let result = ConfigurationLoader.load(
        arguments: input.arguments, environment: input.environment, workingDirectory: workingDirectory, read: input.read)
    switch result {
    case .failure(let problems):
        let secrets = secretTexts(input)
        for problem in problems.problems {
            let line = problem.description
            // Every Cc character is below U+0100; the cheap test goes first.
            check(!line.unicodeScalars.contains { $0.value < 0x100 && $0.properties.generalCategory == .control },
                  "problem \(line.debugDescription) is not one line of text")
            for secret in secrets {
                check(!holds(line, secret), "problem \(line.debugDescription) shows a secret")
            }
        }
    case .success(let loaded):
        checkValid(loaded.configuration)
        checkOrigins(loaded, input)
        checkSecretsHidden(loaded)
    }
}

// MARK: - The parsers alone

/// Whatever a `.env` file sets, written back as double-quoted lines with
/// escapes, parses to the same variables without a problem.
func dotEnvRoundTrip(_ bytes: [UInt8]) {
    let variables = DotEnvFile(text(bytes)).variables
    let written = variables.map { name, value in
        var quoted = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return "\(name)=\"\(quoted)\"\n"
    }.joined()
    let again = DotEnvFile(written)
    check(again.problems.isEmpty, ".env \(written.debugDescription) written from \(variables) has problems")
    check(again.variables == variables, ".env \(written.debugDescription) read back as \(again.variables), not \(variables)")
}

/// A config file value as JSON, to write back what was read.
enum JSONValue: Encodable {
    case setting(RawSetting.Value)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .setting(.text(let text)): try container.encode(text)
        case .setting(.integer(let number)): try container.encode(number)
        case .setting(.boolean(let flag)): try container.encode(flag)
        case .setting(.list(let items)): try container.encode(items)
        }
    }
}

/// Whatever settings a config file holds, written back as JSON, read again
/// as the same settings without a problem.
func configFileRoundTrip(_ bytes: [UInt8]) {
    let path = workingDirectory + "/config.json"
    let settings = ConfigurationLayer.configFile(bytes, path: path).settings
    var object: [String: JSONValue] = [:]
    for (key, setting) in settings {
        object[setting.isFileReference ? key.fileReferenceKey : key.fileKey] = .setting(setting.value)
    }
    let written: Data
    do {
        written = try JSONEncoder().encode(object)
    } catch {
        check(false, "JSONEncoder refused \(object): \(error)")
        return
    }
    let again = ConfigurationLayer.configFile(Array(written), path: path)
    check(again.problems.isEmpty, "config \(text(written)) written from \(settings) has problems \(again.problems)")
    check(again.settings == settings, "config \(text(written)) read back as \(again.settings), not \(settings)")
}

// MARK: - The loaded configuration

/// What the resolver promises of a configuration it accepts.
func checkValid(_ configuration: Configuration) {
    let c = configuration
    check(ConfigurationRules.isIPLiteral(c.host), "host \(c.host)")
    check((0...65535).contains(c.port), "port \(c.port)")
    if let metricsPort = c.metricsPort {
        check((0...65535).contains(metricsPort) && (metricsPort == 0 || metricsPort != c.port), "metrics port \(metricsPort)")
    }
    for (name, credential) in [("client id", c.clientID), ("client secret", c.clientSecret)] {
        if let credential {
            check(!credential.isEmpty && !ConfigurationRules.hasWhitespaceOrControl(credential), "\(name) \(credential.debugDescription)")
        }
    }
    check(!(c.isConfidential && c.isDemo), "a client secret without a client id")
    check(c.isConfidential || c.isDemo || c.pkce, "a PKCE app without PKCE")
    check((try? ConfigurationRules.normalizedScopes(c.scopes).get()) == c.scopes, "scopes \(c.scopes.debugDescription)")
    if let redirectURI = c.redirectURI {
        check(ConfigurationRules.endpointProblem(redirectURI) == nil, "redirect URI \(redirectURI)")
        check(RedirectURIRules.pathProblem(c.callbackPath) == nil, "callback path \(c.callbackPath)")
    }
    for url in [c.authorizeURL, c.tokenURL, c.userinfoURL] {
        check(ConfigurationRules.endpointProblem(url) == nil, "endpoint \(url)")
    }
    check(c.dataDir.hasPrefix("/") && c.publicDir.hasPrefix("/"), "relative folder \(c.dataDir) or \(c.publicDir)")
    check(c.apiKeys.allSatisfy { ConfigurationRules.apiKeyProblem($0) == nil }, "API keys")
    check(Set(c.apiKeys).count == c.apiKeys.count, "an API key listed twice")
    check(c.encryptionKey.map { $0.count == 32 } ?? true, "encryption key of \(c.encryptionKey?.count ?? 0) bytes")
    check(c.previousEncryptionKeys.allSatisfy { $0.count == 32 }, "a previous encryption key that is not 32 bytes")
    check(c.storeURL == nil || (c.encryptionKey != nil && !c.isDemo), "a store URL without an encryption key, or in the demo")
    check(c.trustedProxies.allSatisfy(ConfigurationRules.isIPLiteral), "trusted proxies \(c.trustedProxies)")
    check((0...3_000).contains(c.refreshSkewSeconds), "refresh skew \(c.refreshSkewSeconds)")
    check((1...3_650).contains(c.refreshTokenLifetimeDays), "refresh token lifetime \(c.refreshTokenLifetimeDays)")
}

/// Contract §2: each setting comes from the highest source that sets it
/// (config file < .env < environment < flags), else from the default.
func checkOrigins(_ loaded: LoadedConfiguration, _ input: Input) {
    var layers: [ConfigurationLayer] = []
    if loaded.configFilePath != nil {
        check(loaded.configFilePath == workingDirectory + "/config.json", "config file \(loaded.configFilePath ?? "")")
        layers.append(.configFile(input.configFile, path: workingDirectory + "/config.json"))
    }
    let dotEnv = input.read(workingDirectory + "/.env", limit: ConfigurationFileReader.sizeLimit)
    layers.append(.environment((try? dotEnv.get()).map { DotEnvFile(text($0)).variables } ?? [:], source: .dotEnv))
    layers.append(.environment(input.environment, source: .environment))
    layers.append(ParsedArguments(input.arguments).layer)
    let merged = ConfigurationLayer.merge(layers)
    for key in ConfigurationKey.allCases {
        let expected = merged[key]?.origin ?? .defaultValue(key)
        check(loaded.origin(of: key) == expected, "\(key) from \(loaded.origin(of: key)), not \(expected)")
    }
}

/// The secrets the input gives: as environment variables, `.env` lines,
/// config file values or flags (which are refused), and the secret file.
/// Only those the input holds exactly once, so that no other setting shows
/// them, and long enough not to match a message's own words by chance.
func secretTexts(_ input: Input) -> [String] {
    let secretKeys = ConfigurationKey.allCases.filter(\.isSecret)
    var candidates = secretKeys.compactMap { input.environment[$0.environmentNames[0]] }
    let dotEnv = DotEnvFile(text(input.dotEnv)).variables
    candidates += secretKeys.compactMap { dotEnv[$0.environmentNames[0]] }
    let configFile = ConfigurationLayer.configFile(input.configFile, path: workingDirectory + "/config.json")
    for key in secretKeys {
        if let setting = configFile.settings[key], !setting.isFileReference, case .text(let value) = setting.value {
            candidates.append(value)
        }
    }
    let secretFlags = ["--client-secret", "--api-key", "--encryption-key", "--store-url"]
    for (index, argument) in input.arguments.enumerated() {
        if secretFlags.contains(argument), index + 1 < input.arguments.count, !input.arguments[index + 1].hasPrefix("--") {
            candidates.append(input.arguments[index + 1])
        } else if let equals = argument.firstIndex(of: "="), secretFlags.contains(String(argument[..<equals])) {
            candidates.append(String(argument[argument.index(after: equals)...]))
        }
    }
    var secretFile = text(input.secretFile)
    while let last = secretFile.last, last == "\n" || last == "\r\n" || last == "\r" { secretFile.removeLast() }
    candidates.append(secretFile)
    return candidates.filter { $0.utf8.count >= 16 && occurrences(of: Array($0.utf8), in: input.bytes) == 1 }
}

func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard !needle.isEmpty, needle.count <= haystack.count else { return 0 }
    return (0...(haystack.count - needle.count)).count { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
}

/// `--check-config`'s report and every way of printing a configuration show
/// whether a secret is set, never any of it: they read the same with other
/// secrets in their place.
func checkSecretsHidden(_ loaded: LoadedConfiguration) {
    let c = loaded.configuration
    // With no secret set there is nothing to replace, and rendering
    // everything twice to compare it with itself was most of this target's time.
    guard c.clientSecret != nil || !c.apiKeys.isEmpty || c.encryptionKey != nil || !c.previousEncryptionKeys.isEmpty else { return }
    var other = loaded
    other.configuration.clientSecret = other.configuration.clientSecret.map { _ in "another-client-secret" }
    other.configuration.apiKeys = other.configuration.apiKeys.indices.map { String(repeating: "k", count: 40 + $0) }
    other.configuration.encryptionKey = other.configuration.encryptionKey.map { _ in [UInt8](repeating: 7, count: 32) }
    other.configuration.previousEncryptionKeys = other.configuration.previousEncryptionKeys.indices.map { [UInt8](repeating: UInt8($0 % 256), count: 32) }
    func shown(_ loaded: LoadedConfiguration) -> String {
        var dumped = ""
        dump(loaded.configuration, to: &dumped)
        return [ConfigurationReport(loaded).text, "\(loaded.configuration)", String(reflecting: loaded.configuration), dumped]
            .joined(separator: "\n")
    }
    let text = shown(loaded)
    check(text == shown(other), "what is shown depends on a secret's value:\n\(text)")
}
