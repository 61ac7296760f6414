import FoundationEssentials

/// SHA-256 of a session's cookie value: how the store knows a session without
/// holding anything a browser could present.
///
/// Looking one up in a dictionary is not constant-time, which is harmless:
/// timing can reveal at most bytes of a digest, and no one can invert
/// SHA-256 to choose a cookie that hits it.
struct SessionDigest: Hashable, Sendable, Codable {
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(from decoder: any Decoder) throws {
        let data = try decoder.singleValueContainer().decode(Data.self)
        guard data.count == SHA256.digestLength else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad digest length"))
        }
        bytes = Array(data)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(bytes))
    }
}
