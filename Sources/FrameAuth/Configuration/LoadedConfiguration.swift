/// A valid configuration and how it was arrived at.
public struct LoadedConfiguration: Sendable {
    public var configuration: Configuration
    /// `--check-config`: print the report and exit instead of serving.
    public var checkOnly: Bool
    /// `--import-journal`: copy data_dir's journal into Redis and exit.
    public var importJournal: Bool
    /// The config file read, as an absolute path; nil when there was none.
    public var configFilePath: String?
    /// Where each setting that was not left at its default came from.
    public var origins: [ConfigurationKey: ConfigurationOrigin]

    public init(
        configuration: Configuration, checkOnly: Bool = false, importJournal: Bool = false, configFilePath: String? = nil,
        origins: [ConfigurationKey: ConfigurationOrigin] = [:]
    ) {
        self.configuration = configuration
        self.checkOnly = checkOnly
        self.importJournal = importJournal
        self.configFilePath = configFilePath
        self.origins = origins
    }

    /// Where `key`'s effective value came from.
    public func origin(of key: ConfigurationKey) -> ConfigurationOrigin {
        origins[key] ?? .defaultValue(key)
    }
}
