import Foundation
import HTTPServer

/// The integrator API's key, checked in constant time: both sides are hashed
/// first, so neither the comparison nor the lengths say how close a guess was.
struct APIKey: Sendable {
    private let digest: [UInt8]

    init(_ key: String) {
        digest = SHA256.digest(Array(key.utf8))
    }

    /// `Authorization: Bearer <key>` (RFC 6750 §2.1; the scheme is case-insensitive).
    func accepts(_ request: HTTPRequest) -> Bool {
        guard let header = request.headers["Authorization"], header.count > 7,
              header.prefix(7).lowercased() == "bearer " else { return false }
        let presented = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return constantTimeEquals(SHA256.digest(Array(presented.utf8)), digest)
    }
}
