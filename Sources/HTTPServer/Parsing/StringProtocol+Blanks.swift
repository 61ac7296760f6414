extension StringProtocol {
    /// The text without leading and trailing spaces and tabs: HTTP's optional
    /// whitespace (RFC 9110 §5.6.3), and the blanks around a typed value.
    public var trimmingBlanks: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
