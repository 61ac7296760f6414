extension StringProtocol {
    /// The text without leading and trailing spaces and tabs: HTTP's optional
    /// whitespace (RFC 9110 §5.6.3), and the blanks around a typed value.
    public var trimmingBlanks: String {
        // By UTF-8 byte, as HTTP defines whitespace, not by Character (whose
        // iteration was a measurable share of every API call, which trims its
        // bearer token). Blanks are ASCII, so the first kept byte follows a
        // blank or the start, and the end is a blank or the end: both are
        // boundaries of Unicode scalars.
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        var first: String.Index?
        var end = utf8.startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let next = utf8.index(after: index)
            if !isBlank(utf8[index]) {
                if first == nil { first = index }
                end = next
            }
            index = next
        }
        guard let first else { return "" }
        return String(self[first..<end])
    }
}
