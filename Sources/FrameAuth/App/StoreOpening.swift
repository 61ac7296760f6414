import FoundationEssentials

/// Opens the stores the configuration asks for: Redis when `store_url` is
/// set (CONTRACT §8), shared by every replica; else the journal in
/// `dataDir`, with sign-ins in progress and refresh leases in memory.
struct StoreOpening {
    let sessions: any SessionStore
    let pendingSignIns: any PendingSignIns
    let refreshLeases: any RefreshLeases
    /// Seal the stores' records and the browser-binding cookies: the
    /// encryption key, and the previous ones that only open.
    let keys: KeyRing

    init(_ configuration: Configuration, dataDir: String, environment: Application.Environment) throws {
        let log = environment.log
        guard let storeURL = configuration.storeURL else {
            let key = try EncryptionKey.loadOrCreate(configured: configuration.encryptionKey, dataDir: dataDir, log: log)
            do {
                keys = try KeyRing(current: key, previous: configuration.previousEncryptionKeys)
            } catch {
                throw StoreError.invalidKey(source: "configuration", problem: error.description)
            }
            sessions = try JournalStore(directory: dataDir, keys: keys, now: environment.now, log: log)
            pendingSignIns = PendingLogins()
            refreshLeases = ProcessRefreshLeases()
            return
        }
        // Configuration has refused a store_url that does not parse or comes without a key.
        guard let url = try? RedisURL(parsing: storeURL), let key = configuration.encryptionKey else {
            throw StartupError("store_url needs a valid redis:// or unix:// URL and FRAMEAUTH_ENCRYPTION_KEY")
        }
        // Redis need not be up yet: /readyz answers 503 until it is, and the
        // client keeps reconnecting.
        log("session store: Redis at \(url)")
        let redis = RedisClient(url: url)
        keys = try KeyRing(sealingWith: key)
        sessions = try RedisStore(redis: redis, key: key, now: environment.now)
        pendingSignIns = try RedisPendingLogins(redis: redis, key: key)
        refreshLeases = RedisRefreshLeases(redis: redis)
    }
}
