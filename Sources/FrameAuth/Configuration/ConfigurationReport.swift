/// The `--check-config` output: the app kind, then every effective setting
/// on its own line with where it came from. Secrets show only whether they
/// are set, never any part of their value.
public struct ConfigurationReport: Sendable, CustomStringConvertible {
    public let loaded: LoadedConfiguration

    public init(_ loaded: LoadedConfiguration) {
        self.loaded = loaded
    }

    public var text: String {
        let configuration = loaded.configuration
        let width = ConfigurationKey.allCases.map(\.fileKey.count).max() ?? 0
        var lines = [
            "FrameAuth configuration: valid",
            "app: \(configuration.appKind)",
            "config file: \(loaded.configFilePath ?? "none")",
        ]
        for key in ConfigurationKey.allCases {
            let name = key.fileKey.padding(to: width)
            lines.append("  \(name)  \(configuration.displayValue(of: key))  (\(loaded.origin(of: key)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var description: String { text }
}

private extension String {
    func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
