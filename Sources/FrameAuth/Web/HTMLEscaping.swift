import FoundationEssentials
import HTTPServer

/// Escaping for text put into HTML: what the templates do to every value.
enum HTMLEscaping {
    /// Escapes the five characters that matter in element content and quoted
    /// attributes. Works on UTF-8 bytes, not Characters: `"` followed by a
    /// combining mark (U+0301) is one Character that is not `"`, yet the
    /// browser still reads the quote. The five are ASCII, so no byte of a
    /// multi-byte sequence can match and the output stays valid UTF-8.
    static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
