/// A `.env` file: `KEY=VALUE` lines, blank lines, `#` comments, an optional
/// `export ` prefix, and values that may be single-quoted (taken literally)
/// or double-quoted (with `\"`, `\\` and `\n` escapes). A `#` after
/// whitespace starts a comment in an unquoted value. A later line for the
/// same key wins, as in a shell.
struct DotEnvFile: Sendable {
    var variables: [String: String] = [:]
    /// Malformed lines, by number. Never quotes the line: it may hold a secret.
    var problems: [ConfigurationProblem] = []

    init(_ text: String) {
        // Unicode scalars, not Characters: to Swift a quote, `=` or `\`
        // followed by a combining mark is one Character, and would not be
        // seen. "\r\n" ends a line like "\n".
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let trimmed = (line.last == "\r" ? line.dropLast() : line).drop(while: \.properties.isWhitespace)
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            guard let (key, value) = Self.parse(trimmed) else {
                problems.append(ConfigurationProblem(
                    key: ".env", source: .dotEnv,
                    message: "line \(index + 1) is not KEY=VALUE (a name of letters, digits and _, then =, then the value, quoted if it has spaces or #); fix or remove it"))
                continue
            }
            variables[key] = value
        }
    }

    private typealias Scalars = Substring.UnicodeScalarView

    private static func parse(_ line: Scalars) -> (String, String)? {
        var rest = line
        if rest.starts(with: "export".unicodeScalars), let next = rest.dropFirst(6).first, isBlank(next) {
            rest = rest.dropFirst(6).drop(while: isBlank)
        }
        guard let equals = rest.firstIndex(of: "=") else { return nil }
        let key = trimmingTrailingBlanks(rest[..<equals])
        guard isName(key) else { return nil }
        let value = rest[rest.index(after: equals)...].drop(while: isBlank)
        guard let parsed = parseValue(value) else { return nil }
        return (String(Substring(key)), parsed)
    }

    /// POSIX shell variable names: a letter or `_`, then letters, digits, `_`.
    private static func isName(_ name: Scalars) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" }
        guard let first = name.first, isLetter(first) else { return false }
        return name.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }

    private static func parseValue(_ value: Scalars) -> String? {
        guard let quote = value.first, quote == "\"" || quote == "'" else {
            var text = value
            if let comment = text.indices.first(where: { text[$0] == "#" && $0 > text.startIndex && text[text.index(before: $0)].properties.isWhitespace }) {
                text = text[..<comment]
            }
            return String(Substring(trimmingTrailingBlanks(text)))
        }
        var result = String.UnicodeScalarView()
        var index = value.index(after: value.startIndex)
        while index < value.endIndex {
            let scalar = value[index]
            if scalar == quote {
                let after = value[value.index(after: index)...].drop(while: isBlank)
                return after.isEmpty || after.first == "#" ? String(result) : nil
            }
            if quote == "\"", scalar == "\\", value.index(after: index) < value.endIndex {
                index = value.index(after: index)
                switch value[index] {
                case "n": result.append("\n")
                case "\"", "\\": result.append(value[index])
                default: result.append(contentsOf: ["\\", value[index]])
                }
            } else {
                result.append(scalar)
            }
            index = value.index(after: index)
        }
        return nil
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }

    private static func trimmingTrailingBlanks(_ scalars: Scalars) -> Scalars {
        var scalars = scalars
        while let last = scalars.last, isBlank(last) { scalars = scalars.dropLast() }
        return scalars
    }
}
