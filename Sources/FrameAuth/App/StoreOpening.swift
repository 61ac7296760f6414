import FoundationEssentials

/// Opens the session store the configuration asks for: Redis when
/// `store_url` is set (CONTRACT §8), else the journal in `dataDir`; and the
/// encryption key that seals it and the browser-binding cookies.
enum StoreOpening {
    static func open(
        _ configuration: Configuration, dataDir: String, environment: Application.Environment
    ) throws -> (store: any SessionStore, key: [UInt8]) {
        let log = environment.log
        guard let storeURL = configuration.storeURL else {
            let key = try EncryptionKey.loadOrCreate(configured: configuration.encryptionKey, dataDir: dataDir, log: log)
            return (try JournalStore(directory: dataDir, key: key, now: environment.now, log: log), key)
        }
        // Configuration has refused a store_url that does not parse or comes without a key.
        guard let url = try? RedisURL(parsing: storeURL), let key = configuration.encryptionKey else {
            throw StartupError("store_url needs a valid redis:// or unix:// URL and FRAMEAUTH_ENCRYPTION_KEY")
        }
        // Redis need not be up yet: /readyz answers 503 until it is, and the
        // client keeps reconnecting.
        log("session store: Redis at \(url)")
        return (try RedisStore(redis: RedisClient(url: url), key: key, now: environment.now), key)
    }
}
