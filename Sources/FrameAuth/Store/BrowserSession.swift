import FoundationEssentials

/// One browser's sign-in: which user it belongs to and how long it lasts.
struct BrowserSession: Sendable, Decodable {
    let digest: SessionDigest
    var userID: String
    let createdAt: Date
    let expiresAt: Date

    func isLive(at now: Date) -> Bool {
        now < expiresAt
    }
}
