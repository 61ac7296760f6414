import FoundationEssentials
import HTTPServer

extension HTTPRequest {
    /// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the
    /// scheme is case-insensitive); nil without one.
    var bearerToken: String? {
        guard let header = headers["Authorization"], header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        return header.dropFirst(7).trimmingBlanks
    }
}
