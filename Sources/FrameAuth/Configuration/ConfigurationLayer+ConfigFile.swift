import FoundationEssentials

extension ConfigurationLayer {
    /// The settings in a JSON config file shaped like `config.example.json`.
    /// Every key must be known (a typo would otherwise be silently ignored)
    /// and have the right JSON type; `null` counts as not set. Problems never
    /// quote the file, which may hold secrets.
    static func configFile(_ bytes: [UInt8], path: String) -> ConfigurationLayer {
        var layer = ConfigurationLayer()
        let object: [String: ConfigurationFileValue]
        switch try? JSONDecoder().decode(ConfigurationFileValue.self, from: Data(bytes)) {
        case .object(let value)?:
            object = value
        case nil:
            layer.problems.append(ConfigurationProblem(
                key: path, source: .configFile,
                message: "is not valid JSON; check it with `python3 -m json.tool \(path)` (JSON allows no comments)"))
            return layer
        case let other?:
            layer.problems.append(ConfigurationProblem(
                key: path, source: .configFile,
                message: "must hold a JSON object ({\"port\": 8080, ...}), not \(other.typeName)"))
            return layer
        }
        for (name, value) in object.sorted(by: { $0.key < $1.key }) where value != .null {
            layer.read(name, value)
        }
        return layer
    }

    private mutating func read(_ name: String, _ value: ConfigurationFileValue) {
        let origin = ConfigurationOrigin(source: .configFile, name: name)
        if let key = ConfigurationKey(rawValue: name) {
            guard let converted = Self.convert(value, to: key.kind) else {
                problems.append(ConfigurationProblem(
                    origin, "must be \(Self.expected(key.kind)), not \(value.typeName)"))
                return
            }
            if key.isSecret, settings[key] != nil {
                problems.append(ConfigurationProblem(
                    origin, "\(name) and \(key.fileReferenceKey) are both set; keep only one of them"))
                settings[key] = nil
                return
            }
            settings[key] = RawSetting(value: converted, origin: origin)
        } else if let key = ConfigurationKey.allCases.first(where: { $0.isSecret && $0.fileReferenceKey == name }) {
            guard case .string(let path) = value else {
                problems.append(ConfigurationProblem(origin, "must be a string (a file path), not \(value.typeName)"))
                return
            }
            if settings[key] != nil {
                problems.append(ConfigurationProblem(
                    origin, "\(key.fileKey) and \(name) are both set; keep only one of them"))
                settings[key] = nil
                return
            }
            settings[key] = RawSetting(value: .text(path), origin: origin, isFileReference: true)
        } else {
            problems.append(ConfigurationProblem(origin, Self.unknownKeyMessage(name)))
        }
    }

    private static func convert(_ value: ConfigurationFileValue, to kind: ConfigurationKey.Kind) -> RawSetting.Value? {
        switch (kind, value) {
        case (.text, .string(let text)): return .text(text)
        case (.integer, .integer(let number)): return .integer(number)
        case (.boolean, .boolean(let flag)): return .boolean(flag)
        case (.list, .array(let items)):
            var strings: [String] = []
            for item in items {
                guard case .string(let text) = item else { return nil }
                strings.append(text)
            }
            return .list(strings)
        default: return nil
        }
    }

    private static func expected(_ kind: ConfigurationKey.Kind) -> String {
        switch kind {
        case .text: "a string"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .list: "an array of strings"
        }
    }

    private static func unknownKeyMessage(_ name: String) -> String {
        let known = ConfigurationKey.allCases.map(\.fileKey)
            + ConfigurationKey.allCases.filter(\.isSecret).map(\.fileReferenceKey)
        if let guess = known.min(by: { editDistance($0, name) < editDistance($1, name) }),
           editDistance(guess, name) <= 2 {
            return "unknown key; did you mean \(guess)?"
        }
        return "unknown key; the keys are \(known.joined(separator: ", "))"
    }

    /// Levenshtein distance, for "did you mean" on a mistyped key.
    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let target = Array(rhs)
        var row = Array(0...target.count)
        for (i, character) in lhs.enumerated() {
            var diagonal = row[0]
            row[0] = i + 1
            for (j, other) in target.enumerated() {
                let above = row[j + 1]
                row[j + 1] = min(above + 1, row[j] + 1, diagonal + (character == other ? 0 : 1))
                diagonal = above
            }
        }
        return row[target.count]
    }
}
