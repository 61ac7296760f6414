import FoundationEssentials
import HTTPServer

extension HTTPRequest {
    /// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the
    /// scheme is case-insensitive); nil without one.
    var bearerToken: String? {
        guard let header = headers["Authorization"], header.utf8.count > 7,
              header.utf8.prefix(7).elementsEqual("bearer ".utf8, by: { Self.lowercased($0) == $1 }) else { return nil }
        // The scheme is 7 ASCII bytes, so the token starts on a boundary.
        return header[header.utf8.index(header.utf8.startIndex, offsetBy: 7)...].trimmingBlanks
    }

    /// ASCII letters folded to lower case byte by byte: no string is made
    /// on a path every API call takes.
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
