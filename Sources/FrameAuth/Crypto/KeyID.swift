/// A key's public name: the first 8 bytes of a SHA-256 over a label and the
/// key. It tells which key sealed a record, and can be logged, while saying
/// nothing usable about the key itself.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    static let length = 8
    let bytes: [UInt8]

    init(of key: [UInt8]) {
        bytes = Array(SHA256.digest(Array("frameauth-key-id".utf8) + [0] + key).prefix(Self.length))
    }

    /// `bytes` as read from a sealed record; nil unless it has the length of an id.
    init?(stored bytes: some Collection<UInt8>) {
        guard bytes.count == Self.length else { return nil }
        self.bytes = Array(bytes)
    }

    /// An id as `description` wrote it.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * Self.length else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }
}
