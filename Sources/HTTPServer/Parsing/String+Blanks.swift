extension Substring {
    /// The text without leading and trailing spaces and tabs: HTTP's optional
    /// whitespace (RFC 9110 §5.6.3), and the blanks around a typed value.
    public var trimmingBlanks: String {
        // By UTF-8 byte, as HTTP defines whitespace, not by Character (whose
        // iteration was a measurable share of every API call, which trims its
        // bearer token). Blanks are ASCII, so the kept bytes start and end on
        // boundaries of Unicode scalars.
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isBlank($0) }), let last = utf8.lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first..<utf8.index(after: last)])
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (see `Substring.trimmingBlanks`).
    public var trimmingBlanks: String { self[...].trimmingBlanks }
}
