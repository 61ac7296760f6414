/// Percent-decoding (RFC 3986 §2.1). A `%` not followed by two hex digits is
/// an error, never passed through, so `%zz` cannot mean two different things
/// to two readers.
public enum PercentDecoding {
    /// Decodes `bytes`; with `plusIsSpace` (form encoding) `+` becomes a space.
    /// The result must be valid UTF-8.
    public static func decode<C: Collection<UInt8>>(_ bytes: C, plusIsSpace: Bool) throws(HTTPParseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let high = bytes.index(after: index)
                guard high != bytes.endIndex, let h = hexValue(bytes[high]) else { throw .badRequest("invalid percent-encoding") }
                let low = bytes.index(after: high)
                guard low != bytes.endIndex, let l = hexValue(bytes[low]) else { throw .badRequest("invalid percent-encoding") }
                out.append(h << 4 | l)
                index = bytes.index(after: low)
                continue
            }
            out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw .badRequest("percent-decoded text is not UTF-8") }
        return text
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
