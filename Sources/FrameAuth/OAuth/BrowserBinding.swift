/// The value of the cookie that ties a sign-in attempt to the browser that
/// started it (RFC 9700 §4.7.1): 256 random bits, base64url. The attempt
/// keeps only its SHA-256, so a leaked table of attempts cannot be replayed
/// as cookies.
struct BrowserBinding: Sendable {
    let cookieValue: String

    /// A fresh binding from 32 bytes the caller drew from `SecureRandom`.
    init(randomBytes: ArraySlice<UInt8>) {
        precondition(randomBytes.count == 32, "a browser binding takes 32 random bytes")
        cookieValue = Base64URL.encode(Array(randomBytes))
    }

    /// The binding a browser sent back; nil unless it has the shape we issue.
    init?(cookieValue: String) {
        guard cookieValue.utf8.count == 43, cookieValue.utf8.allSatisfy(Base64URL.isAlphabet) else { return nil }
        self.cookieValue = cookieValue
    }

    var digest: [UInt8] { SHA256.digest(Array(cookieValue.utf8)) }
}
