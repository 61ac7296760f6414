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

    /// The captured parameters if `segments` (already percent-decoded) match;
    /// a parameter never matches an empty segment.
    static func match(_ pattern: [Segment], _ segments: [String]) -> [String: String]? {
        guard pattern.count == segments.count else { return nil }
        var captured: [String: String] = [:]
        for (expected, actual) in zip(pattern, segments) {
            switch expected {
            case .literal(let text): guard text == actual else { return nil }
            case .parameter(let name):
                guard !actual.isEmpty else { return nil }
                captured[name] = actual
            }
        }
        return captured
    }
}
