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
