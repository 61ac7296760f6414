/// Proof Key for Code Exchange (RFC 7636) with the S256 method: the verifier
/// stays with us until the code exchange, the challenge goes on the authorize
/// URL.
public struct PKCE: Sendable, Equatable {
    /// The only method FrameAuth sends; `plain` would put the verifier itself in the URL.
    public static let challengeMethod = "S256"

    public let verifier: String
    /// BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2.
    public let challenge: String

    /// A fresh verifier from 32 random bytes: 43 base64url characters, the
    /// shortest length and the entropy RFC 7636 §4.1 recommends.
    public init() {
        self.init(randomBytes: SecureRandom.bytes(count: 32)[...])
    }

    /// A verifier from 32 bytes the caller drew from `SecureRandom`.
    init(randomBytes: ArraySlice<UInt8>) {
        precondition(randomBytes.count == 32, "a PKCE verifier takes 32 random bytes")
        self.init(checkedVerifier: Base64URL.encode(randomBytes))
    }

    /// Rebuilds the pair from a stored verifier; `nil` unless it is 43–128
    /// characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1).
    public init?(verifier: String) {
        guard (43...128).contains(verifier.utf8.count),
              verifier.utf8.allSatisfy(Self.isUnreserved) else { return nil }
        self.init(checkedVerifier: verifier)
    }

    private init(checkedVerifier verifier: String) {
        self.verifier = verifier
        // The digest is only encoded: it needs no array of its own.
        self.challenge = withUnsafeTemporaryAllocation(byteCount: SHA256.digestLength, alignment: 1) { digest in
            SHA256.digest(verifier, into: digest)
            return Base64URL.encode(UnsafeRawBufferPointer(digest))
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
