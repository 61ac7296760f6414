/// Quotes a string as a JSON string literal (RFC 8259 §7), escaping
/// quotes, backslashes and every control character, so a hostile path
/// cannot break a log line in two.
public enum JSONString {
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        append(text, quotedTo: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `out`: the access log and
    /// the token API write one per request, so the runs that need no escape
    /// (most values: methods, paths, addresses, tokens) are copied whole.
    public static func append(_ text: String, quotedTo out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        text.withUTF8Bytes { bytes in
            // Checked many bytes at a time first: most values need no escape at all.
            if bytes.hasNoByte(barredFromLiteral) { return out.append(contentsOf: bytes) }
            var runStart = 0
            for (index, byte) in bytes.enumerated() where barredFromLiteral(byte) == 1 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscaped(byte, to: &out)
                runStart = index + 1
            }
            // Bytes of multi-byte characters pass through: the text is valid UTF-8.
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// 1 for a byte written escaped: a control, DEL, `"` or a backslash.
    private static func barredFromLiteral(_ byte: UInt8) -> UInt8 {
        (byte < 0x20).bit | (byte == 0x7F).bit | (byte == UInt8(ascii: "\"")).bit | (byte == UInt8(ascii: "\\")).bit
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(literal: #"\""#)
        case UInt8(ascii: "\\"): out.append(literal: #"\\"#)
        case UInt8(ascii: "\n"): out.append(literal: #"\n"#)
        case UInt8(ascii: "\r"): out.append(literal: #"\r"#)
        case UInt8(ascii: "\t"): out.append(literal: #"\t"#)
        default:
            out.append(literal: #"\u00"#)
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0x0F))
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
