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
