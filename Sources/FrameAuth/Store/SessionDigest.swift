import FoundationEssentials

/// SHA-256 of a session's cookie value: how the store knows a session without
/// holding anything a browser could present.
///
/// Looking one up in a dictionary is not constant-time, which is harmless:
/// timing can reveal at most bytes of a digest, and no one can invert
/// SHA-256 to choose a cookie that hits it.
struct SessionDigest: Hashable, Sendable, Decodable {
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// All 32 bytes in one call: the synthesized hash feeds them to the
    /// hasher one at a time, which showed in replaying a large journal.
    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Reads format-1 journals, where the digest was base64 in JSON.
    init(from decoder: any Decoder) throws {
        let data = try decoder.singleValueContainer().decode(Data.self)
        guard data.count == SHA256.digestLength else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad digest length"))
        }
        bytes = Array(data)
    }
}
