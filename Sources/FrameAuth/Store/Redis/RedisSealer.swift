/// Seals what FrameAuth writes to Redis with the encryption key
/// (AES-256-GCM), each value bound to the name of the key it is stored
/// under, so Redis, its RDB and AOF files and its replicas hold nothing
/// readable, and a value copied to another key fails to open.
struct RedisSealer: Sendable {
    /// Changes when the encoding of sealed values does, so an old value
    /// never opens as a new one.
    private static let label = Array("frameauth-redis-v1".utf8) + [0]
    private let cipher: AESGCM

    init(key: [UInt8]) throws(StoreError) {
        do { cipher = try AESGCM(key: key) } catch { throw .invalidKey(source: "configuration", problem: error.description) }
    }

    func seal(_ plaintext: [UInt8], under key: String) throws(StoreError) -> [UInt8] {
        do {
            return try cipher.seal(plaintext, associatedData: Self.label + Array(key.utf8))
        } catch {
            throw .encodingFailed("sealing \(key): \(error)")
        }
    }

    func open(_ sealed: [UInt8], under key: String) throws(StoreError) -> [UInt8] {
        do {
            return try cipher.open(sealed[...], associatedData: Self.label + Array(key.utf8))
        } catch {
            throw .sealedValueFailedAuthentication(key: key)
        }
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
}
