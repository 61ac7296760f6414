
/// The settings one source (config file, `.env`, environment, flags) sets,
/// and what was wrong with how it set them.
struct ConfigurationLayer: Sendable {
    var settings: [ConfigurationKey: RawSetting] = [:]
    var problems: [ConfigurationProblem] = []

    /// Each key takes its value from the highest-precedence layer that sets
    /// it (contract §2); `layers` must be ordered lowest first.
    static func merge(_ layers: [ConfigurationLayer]) -> [ConfigurationKey: RawSetting] {
        var merged: [ConfigurationKey: RawSetting] = [:]
        for layer in layers {
            merged.merge(layer.settings) { _, higher in higher }
        }
        return merged
    }
}
