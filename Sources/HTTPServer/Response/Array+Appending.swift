/// Appending text to a byte buffer on the request path: the access log
/// line and the token API's JSON are written this way, into buffers that
/// grow as they go (a response head, sized once, is `TextWriter`'s).
extension Array where Element == UInt8 {
    /// A literal's bytes in one copy: about half the time of
    /// `+= "...".utf8`, which goes through the string's view.
    public mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// `value` in decimal, zero-padded to at least `width` digits, without
    /// making a string of it. `value` must not be negative.
    public mutating func append(decimal value: Int, width: Int = 1) {
        DecimalDigits.withDigits(of: value, width: width) { append(contentsOf: $0) }
    }
}
