/// Where a setting's value came from, lowest precedence first (contract §2).
public enum ConfigurationSource: Int, Sendable, Comparable, CustomStringConvertible {
    case defaultValue
    case configFile
    case dotEnv
    case environment
    case flag

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .defaultValue: "default"
        case .configFile: "config file"
        case .dotEnv: ".env"
        case .environment: "environment"
        case .flag: "flag"
        }
    }
}

/// A source and the exact name the value was given by there (`PORT`,
/// `CLIENT_SECRET_FILE`, `port`, `--port`), so messages use the user's words.
public struct ConfigurationOrigin: Sendable, Equatable, CustomStringConvertible {
    public var source: ConfigurationSource
    public var name: String

    public init(source: ConfigurationSource, name: String) {
        self.source = source
        self.name = name
    }

    /// A built-in default, named by its config-file key.
    static func defaultValue(_ key: ConfigurationKey) -> ConfigurationOrigin {
        ConfigurationOrigin(source: .defaultValue, name: key.fileKey)
    }

    public var description: String {
        source == .defaultValue ? "default" : "\(source): \(name)"
    }
}
