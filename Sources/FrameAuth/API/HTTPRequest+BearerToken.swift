import FoundationEssentials
import HTTPServer

extension HTTPRequest {
    /// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the
    /// scheme is case-insensitive); nil without one. A slice of the header,
    /// not a copy: every API call reads it.
    var bearerToken: Substring? {
        guard let header = headers["Authorization"] else { return nil }
        let bytes = header.utf8
        guard bytes.count > 7, zip(bytes, "bearer ".utf8).allSatisfy({ Self.lowercased($0) == $1 }) else { return nil }
        // `1*SP` may follow the scheme; the parser has already trimmed the
        // value's end. Walked byte by byte: these are ASCII, and a walk by
        // Character would cost more than the rest of the check.
        guard let start = bytes.dropFirst(7).firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else {
            return nil
        }
        return header[start...]
    }

    /// ASCII letters folded to lower case byte by byte: no string is made
    /// on a path every API call takes.
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
