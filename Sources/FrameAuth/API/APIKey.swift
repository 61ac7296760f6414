import FoundationEssentials
import HTTPServer

/// The integrator API's key, checked in constant time: both sides are hashed
/// first, so neither the comparison nor the lengths say how close a guess was.
struct APIKey: Sendable {
    private let digest: [UInt8]

    init(_ key: String) {
        digest = SHA256.digest(Array(key.utf8))
    }

    /// `Authorization: Bearer <key>`.
    func accepts(_ request: HTTPRequest) -> Bool {
        guard let presented = request.bearerToken else { return false }
        return constantTimeEquals(SHA256.digest(Array(presented.utf8)), digest)
    }
}
