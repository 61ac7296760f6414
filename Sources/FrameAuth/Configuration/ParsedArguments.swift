/// The command line: settings given as flags, plus the options that steer
/// loading itself. Problems never quote an argument's value, which could be
/// a secret typed where it does not belong.
struct ParsedArguments: Sendable {
    var layer = ConfigurationLayer()
    /// `--config PATH`.
    var configFilePath: String?
    /// `--check-config`.
    var checkOnly = false
    /// `--healthcheck`.
    var healthCheck = false
    /// `--import-journal`.
    var importJournal = false
    /// `--help` or `-h`.
    var helpRequested = false

    /// Secrets have no flag (a command line is visible in `ps`); these are
    /// the names someone might try anyway, each mapped to its variable.
    private static let secretFlags: [String: ConfigurationKey] = [
        "--client-secret": .clientSecret, "--api-key": .apiKey, "--encryption-key": .encryptionKey,
        "--previous-encryption-keys": .previousEncryptionKeys, "--store-url": .storeURL,
    ]

    /// `arguments` excludes the program name. Both `--flag value` and
    /// `--flag=value` work; a repeated flag takes its last value.
    init(_ arguments: [String]) {
        var remaining = arguments[...]
        var position = 0
        while let argument = remaining.popFirst() {
            position += 1
            let (name, inlineValue) = Self.split(argument)
            switch name {
            case "--check-config", "--healthcheck", "--import-journal", "--help", "-h", "--pkce", "--no-pkce":
                guard inlineValue == nil else {
                    problem(name, "takes no value; use --pkce or --no-pkce, --check-config, --healthcheck, --import-journal, --help")
                    continue
                }
                apply(switch: name)
            default:
                let value = inlineValue ?? Self.takeValue(from: &remaining)
                if let key = Self.secretFlags[name] {
                    problem(name, "secrets are not accepted on the command line, where `ps` shows them to every local user; set \(key.environmentNames[0]) or \(key.fileReferenceEnvironmentName) in the environment instead")
                } else if !name.hasPrefix("-") {
                    problem("argument \(position)", "unexpected argument; options start with -- (see --help)")
                } else if name == "--config" || ConfigurationKey.allCases.contains(where: { $0.flag == name }) {
                    let emptyAllowed = ConfigurationKey.allCases.contains { $0.flag == name && $0.acceptsEmptyValue }
                    guard let value, !value.isEmpty || emptyAllowed else {
                        problem(name, "needs a value, as in \(name) VALUE")
                        continue
                    }
                    apply(name, value)
                } else {
                    problem(name, "unknown option; see --help for the list")
                }
            }
        }
        if [checkOnly, healthCheck, importJournal].filter({ $0 }).count > 1 {
            problem("--healthcheck", "--check-config, --healthcheck and --import-journal cannot be combined; give one of them")
        }
    }

    private static func split(_ argument: String) -> (name: String, value: String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// The next argument, unless it is itself an option.
    private static func takeValue(from remaining: inout ArraySlice<String>) -> String? {
        guard let next = remaining.first, !next.hasPrefix("--") else { return nil }
        return remaining.popFirst()
    }

    private mutating func apply(switch name: String) {
        switch name {
        case "--check-config": checkOnly = true
        case "--healthcheck": healthCheck = true
        case "--import-journal": importJournal = true
        case "--help", "-h": helpRequested = true
        default: set(.pkce, .boolean(name == "--pkce"), name: name)
        }
    }

    private mutating func apply(_ name: String, _ value: String) {
        if name == "--config" {
            configFilePath = value
        } else if let key = ConfigurationKey.allCases.first(where: { $0.flag == name }) {
            set(key, .text(value), name: name)
        }
    }

    private mutating func set(_ key: ConfigurationKey, _ value: RawSetting.Value, name: String) {
        layer.settings[key] = RawSetting(value: value, origin: ConfigurationOrigin(source: .flag, name: name))
    }

    private mutating func problem(_ name: String, _ message: String) {
        layer.problems.append(ConfigurationProblem(key: name, source: .flag, message: message))
    }
}
