/// The encryption key that seals, and the earlier keys kept only to open
/// what they sealed (CONTRACT §9: `previous_encryption_keys`), so the key can
/// change without signing anyone out.
public struct KeyRing: Sendable {
    /// One key, named by its id wherever a sealed record says which key sealed it.
    public struct Key: Sendable {
        public let id: KeyID
        let cipher: AESGCM

        init(_ bytes: [UInt8]) throws(CryptoError) {
            cipher = try AESGCM(key: bytes)
            id = KeyID(of: bytes)
        }
    }

    public let current: Key
    /// The earlier keys, without the current one or repeats.
    public let previous: [Key]
    /// The current key first, then the previous ones: what opening tries,
    /// made once rather than at every value opened.
    let all: [Key]

    public init(current: [UInt8], previous: [[UInt8]] = []) throws(CryptoError) {
        let current = try Key(current)
        var previousKeys: [Key] = []
        for bytes in previous {
            let key = try Key(bytes)
            if key.id != current.id, !previousKeys.contains(where: { $0.id == key.id }) { previousKeys.append(key) }
        }
        self.current = current
        self.previous = previousKeys
        all = [current] + previousKeys
    }

    /// A ring of one key, as a `StoreError` when the key is not a key.
    init(sealingWith key: [UInt8]) throws(StoreError) {
        do { try self.init(current: key) } catch { throw .invalidKey(source: "configuration", problem: error.description) }
    }

    func key(withID id: KeyID) -> Key? {
        all.first { $0.id == id }
    }
}

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
