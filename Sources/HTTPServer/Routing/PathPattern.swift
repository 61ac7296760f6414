/// A route's path split into literal and `{parameter}` segments.
enum PathPattern {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    static func parse(_ path: String) -> [Segment] {
        guard path != "/" else { return [] }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2
                ? .parameter(String(part.dropFirst().dropLast()))
                : .literal(String(part))
        }
    }

    /// Whether `segments` (already percent-decoded) match; a parameter
    /// never matches an empty segment.
    static func matches(_ pattern: [Segment], _ segments: [String]) -> Bool {
        guard pattern.count == segments.count else { return false }
        for (expected, actual) in zip(pattern, segments) {
            switch expected {
            case .literal(let text): guard text == actual else { return false }
            case .parameter: guard !actual.isEmpty else { return false }
            }
        }
        return true
    }

    /// Each parameter's name with the index of its segment.
    static func parameterPositions(_ pattern: [Segment]) -> [(name: String, segment: Int)] {
        pattern.enumerated().compactMap { index, segment in
            if case .parameter(let name) = segment { (name, index) } else { nil }
        }
    }
}
