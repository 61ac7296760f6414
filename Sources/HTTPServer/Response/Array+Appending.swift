/// Appending text to a byte buffer on the request path: a response head,
/// an access log line and the token API's JSON are written this way, some
/// thirty pieces per request.
extension Array where Element == UInt8 {
    /// A literal's bytes in one copy: about half the time of
    /// `+= "...".utf8`, which goes through the string's view.
    public mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// `value` in decimal, zero-padded to at least `width` digits, without
    /// making a string of it. `value` must not be negative.
    public mutating func append(decimal value: Int, width: Int = 1) {
        precondition(value >= 0 && width <= 20, "only counts, codes and times are written so")
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for Int.max's 19 digits and more
        let count = Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = value
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0 || buffer.count - index < width
            return buffer.count - index
        }
        Swift.withUnsafeBytes(of: digits) { append(contentsOf: UnsafeRawBufferPointer(rebasing: $0.suffix(count))) }
    }
}
