/// Any JSON value, so the config file can be checked key by key: unknown
/// keys and wrong types become problems instead of a decoding failure that
/// names only the first one.
enum ConfigurationFileValue: Decodable, Sendable, Equatable {
    case null
    case boolean(Bool)
    case integer(Int)
    case fraction(Double)
    case string(String)
    case array([ConfigurationFileValue])
    case object([String: ConfigurationFileValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .fraction(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ConfigurationFileValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ConfigurationFileValue].self))
        }
    }

    /// What it is, for "must be a string, not a number" messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .boolean: "a boolean"
        case .integer, .fraction: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
