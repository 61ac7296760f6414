/// A count, code or time written in decimal without making a string of it.
enum DecimalDigits {
    /// Calls `body` with the digits of `value`, zero-padded to at least
    /// `width`; `value` must not be negative.
    static func withDigits<Result>(of value: Int, width: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        precondition(value >= 0 && width <= 20, "only counts, codes and times are written so")
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for Int.max's 19 digits and more
        let count = withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = value
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0 || buffer.count - index < width
            return buffer.count - index
        }
        return withUnsafeBytes(of: digits) { body(UnsafeRawBufferPointer(rebasing: $0.suffix(count))) }
    }
}
