import FoundationEssentials
import HTTPServer

/// The integrator API's keys (CONTRACT §9): any of them is accepted, so an
/// integrator can move to a new key while the old one still works.
///
/// A presented key is hashed and compared with every key's digest, without
/// stopping at a match, so neither the time taken nor the lengths say which
/// key matched or how close a guess was.
struct APIKeys: Sendable {
    private let digests: [SHA256Digest]

    init(_ keys: [String]) {
        digests = keys.map(SHA256Digest.init(of:))
    }

    var count: Int { digests.count }

    /// The position (from 0) of the key `Authorization: Bearer <key>`
    /// carries, or nil for a missing or unknown key.
    func match(_ request: HTTPRequest) -> Int? {
        guard let presented = request.bearerToken else { return nil }
        let digest = SHA256Digest(of: presented)
        var matched: Int?
        for (index, known) in digests.enumerated() where digest.equalsInConstantTime(known) {
            matched = index
        }
        return matched
    }
}
