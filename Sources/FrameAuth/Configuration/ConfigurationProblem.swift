/// One thing wrong with the configuration, as one line: the name the user
/// set it by, where, what is wrong and how to fix it. Never holds a secret's
/// value.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    /// The name as the user wrote it (`PORT`, `client_secret_file`, `--port`, `.env`).
    public var key: String
    /// Where it was set; nil for problems about a whole file or the command line.
    public var source: ConfigurationSource?
    /// What is wrong and how to fix it.
    public var message: String

    public init(key: String, source: ConfigurationSource?, message: String) {
        self.key = key
        self.source = source
        self.message = message
    }

    init(_ origin: ConfigurationOrigin, _ message: String) {
        self.init(key: origin.name, source: origin.source, message: message)
    }

    /// One line, whatever the key and message quote: a path or a config
    /// file key may hold a newline.
    public var description: String {
        guard let source, source != .defaultValue, source != .flag, key != source.description else {
            return ConfigurationRules.escapingControlCharacters("\(key): \(message)")
        }
        return ConfigurationRules.escapingControlCharacters("\(key) (\(source)): \(message)")
    }
}
