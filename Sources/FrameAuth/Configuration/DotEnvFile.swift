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
        // "\r\n" is one Character in Swift, so it is matched as a whole.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop(while: \.isWhitespace)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let (key, value) = Self.parse(trimmed) else {
                problems.append(ConfigurationProblem(
                    key: ".env", source: .dotEnv,
                    message: "line \(index + 1) is not KEY=VALUE (a name of letters, digits and _, then =, then the value, quoted if it has spaces or #); fix or remove it"))
                continue
            }
            variables[key] = value
        }
    }

    private static func parse(_ line: Substring) -> (String, String)? {
        var rest = line
        if rest.hasPrefix("export"), let next = rest.dropFirst(6).first, next == " " || next == "\t" {
            rest = rest.dropFirst(6).drop(while: { $0 == " " || $0 == "\t" })
        }
        guard let equals = rest.firstIndex(of: "=") else { return nil }
        let key = rest[..<equals].trimmingTrailingBlanks()
        guard isName(key) else { return nil }
        let value = rest[rest.index(after: equals)...].drop(while: { $0 == " " || $0 == "\t" })
        guard let parsed = parseValue(value) else { return nil }
        return (String(key), parsed)
    }

    /// POSIX shell variable names: a letter or `_`, then letters, digits, `_`.
    private static func isName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    private static func parseValue(_ value: Substring) -> String? {
        guard let quote = value.first, quote == "\"" || quote == "'" else {
            var text = value
            if let comment = text.indices.first(where: { text[$0] == "#" && $0 > text.startIndex && text[text.index(before: $0)].isWhitespace }) {
                text = text[..<comment]
            }
            return String(text.trimmingTrailingBlanks())
        }
        var result = ""
        var index = value.index(after: value.startIndex)
        while index < value.endIndex {
            let character = value[index]
            if character == quote {
                let after = value[value.index(after: index)...].drop(while: { $0 == " " || $0 == "\t" })
                return after.isEmpty || after.hasPrefix("#") ? result : nil
            }
            if quote == "\"", character == "\\", value.index(after: index) < value.endIndex {
                index = value.index(after: index)
                switch value[index] {
                case "n": result.append("\n")
                case "\"", "\\": result.append(value[index])
                default: result += "\\" + String(value[index])
                }
            } else {
                result.append(character)
            }
            index = value.index(after: index)
        }
        return nil
    }
}

private extension Substring {
    func trimmingTrailingBlanks() -> Substring {
        var text = self
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
