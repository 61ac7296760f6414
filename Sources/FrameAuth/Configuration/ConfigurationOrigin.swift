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
