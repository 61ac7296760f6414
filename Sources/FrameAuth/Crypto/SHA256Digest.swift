import CShim
import FoundationEssentials

/// A SHA-256 digest as a dictionary key: how the store knows a session, and
/// the pending sign-ins a `state`, without holding anything a browser
/// could present.
///
/// Looking one up in a dictionary is not constant-time, which is harmless:
/// timing can reveal at most bytes of a digest, and no one can invert
/// SHA-256 to choose a value that hits it.
struct SHA256Digest: Hashable, Sendable, Decodable {
    /// The 32 bytes as four words, held inline: an array would be one more
    /// heap allocation per key (the store holds every session), and four
    /// words hash and compare in a few instructions.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// `bytes` must be a SHA-256 digest: 32 bytes.
    init(bytes: [UInt8]) {
        self.init(bytes: bytes[...])
    }

    /// As above, read in place: the journal holds one per session.
    init(bytes: ArraySlice<UInt8>) {
        precondition(bytes.count == SHA256.digestLength, "a SHA-256 digest is 32 bytes")
        words = bytes.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    /// The digest of a text's UTF-8, written straight into the words: no
    /// array is made on the way. Sessions, `state` and API keys are looked
    /// up by one per request.
    init(of text: some StringProtocol) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { SHA256.digest(text, into: $0) }
        self.words = words
    }

    var bytes: [UInt8] {
        withUnsafeBytes(of: words) { Array($0) }
    }

    static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.words == rhs.words
    }

    /// `==` without an early exit, for digests of secrets compared with a
    /// presented one (API keys, browser bindings; see `constantTimeEquals`).
    func equalsInConstantTime(_ other: SHA256Digest) -> Bool {
        withUnsafeBytes(of: words) { lhs in
            withUnsafeBytes(of: other.words) { rhs in
                cshim_constant_time_equals(lhs.baseAddress, rhs.baseAddress, lhs.count) == 1
            }
        }
    }

    /// One word of the four: a digest's bits are spread evenly already, so
    /// any 64 of them place keys as well as all 256, and the hasher's
    /// per-process seed still keeps the placement unpredictable. Every
    /// lookup of a session, an API key or a `state` hashes one.
    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
    }

    /// Reads format-1 journals, where the digest was base64 in JSON.
    init(from decoder: any Decoder) throws {
        let data = try decoder.singleValueContainer().decode(Data.self)
        guard data.count == SHA256.digestLength else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad digest length"))
        }
        self.init(bytes: Array(data))
    }
}

/// SHA-256 of a session's cookie value.
typealias SessionDigest = SHA256Digest
