extension ConfigurationLayer {
    /// The settings in a set of environment variables: the process's own or
    /// those read from `.env`. Variables FrameAuth does not know are left
    /// alone, since both places hold settings for other programs too. An
    /// empty value counts as not set (Compose expands an unset `${VAR}` to
    /// one), except for the keys where empty means something.
    static func environment(_ variables: [String: String], source: ConfigurationSource) -> ConfigurationLayer {
        var layer = ConfigurationLayer()
        for key in ConfigurationKey.allCases {
            let given = key.environmentNames.compactMap { name -> (name: String, value: String)? in
                guard let value = variables[name], !value.isEmpty || key.acceptsEmptyValue else { return nil }
                return (name, value)
            }
            if given.count > 1, Set(given.map(\.value)).count > 1 {
                let names = given.map(\.name).joined(separator: " and ")
                layer.problems.append(ConfigurationProblem(
                    key: given[0].name, source: source,
                    message: "\(names) are both set, to different values; set only one of them"))
                continue
            }
            var setting = given.first.map {
                RawSetting(value: .text($0.value), origin: ConfigurationOrigin(source: source, name: $0.name))
            }
            let fileName = key.fileReferenceEnvironmentName
            if key.isSecret, let path = variables[fileName], !path.isEmpty {
                if let direct = setting {
                    layer.problems.append(ConfigurationProblem(
                        key: fileName, source: source,
                        message: "\(direct.origin.name) and \(fileName) are both set; keep only one of them"))
                    continue
                }
                setting = RawSetting(
                    value: .text(path), origin: ConfigurationOrigin(source: source, name: fileName),
                    isFileReference: true)
            }
            layer.settings[key] = setting
        }
        return layer
    }
}
