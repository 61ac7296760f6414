/// Seals what FrameAuth writes to Redis with the encryption key
/// (AES-256-GCM), each value bound to the name of the key it is stored
/// under, so Redis, its RDB and AOF files and its replicas hold nothing
/// readable, and a value copied to another key fails to open.
///
///     sealed value: key id (8 bytes, `KeyID`) | AES-256-GCM box
///
/// The key id says which key sealed the value, so one sealed with a
/// previous key opens with it (CONTRACT §9) and can be found and sealed
/// again (`RedisKeyRotation`).
struct RedisSealer: Sendable {
    /// Changes when the encoding of sealed values does, so an old value
    /// never opens as a new one.
    private static let label = Array("frameauth-redis-v2".utf8) + [0]
    let keys: KeyRing

    init(keys: KeyRing) {
        self.keys = keys
    }

    init(key: [UInt8]) throws(StoreError) {
        self.init(keys: try KeyRing(sealingWith: key))
    }

    func seal(_ plaintext: [UInt8], under key: String) throws(StoreError) -> [UInt8] {
        let current = keys.current
        do {
            return try current.id.bytes + current.cipher.seal(plaintext, associatedData: Self.associatedData(current.id, key))
        } catch {
            throw .encodingFailed("sealing \(key): \(error)")
        }
    }

    func open(_ sealed: [UInt8], under key: String) throws(StoreError) -> [UInt8] {
        guard let id = Self.keyID(of: sealed) else { throw .sealedValueFailedAuthentication(key: key) }
        guard let sealer = keys.key(withID: id) else { throw .sealedValueNeedsMissingKey(key: key, keyID: id) }
        do {
            return try sealer.cipher.open(sealed[KeyID.length...], associatedData: Self.associatedData(id, key))
        } catch {
            throw .sealedValueFailedAuthentication(key: key)
        }
    }

    /// The id of the key that sealed `sealed`, as its first bytes say.
    static func keyID(of sealed: some Collection<UInt8>) -> KeyID? {
        KeyID(stored: sealed.prefix(KeyID.length))
    }

    func seal(_ record: JournalRecord, under key: String) throws(StoreError) -> [UInt8] {
        try seal(JournalRecord.encode([record]), under: key)
    }

    /// The one record sealed under `key`.
    func openRecord(_ sealed: [UInt8], under key: String) throws(StoreError) -> JournalRecord {
        let plaintext = try open(sealed, under: key)
        guard let records = try? JournalRecord.decode(plaintext), records.count == 1 else {
            throw .sealedValueUndecodable(key: key)
        }
        return records[0]
    }

    private static func associatedData(_ id: KeyID, _ key: String) -> [UInt8] {
        label + id.bytes + Array(key.utf8)
    }
}
