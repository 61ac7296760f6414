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
            keys = try Self.keyRing(key, configuration)
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
        keys = try Self.keyRing(key, configuration)
        let store = RedisStore(redis: redis, keys: keys, now: environment.now)
        if let census = try Self.checkKeys(at: url, keys: keys, log: log) { store.note(census) }
        if !keys.previous.isEmpty { store.startKeyRotation(log: log) }
        sessions = store
        pendingSignIns = RedisPendingLogins(redis: redis, keys: keys)
        refreshLeases = RedisRefreshLeases(redis: redis)
    }

    private static func keyRing(_ key: [UInt8], _ configuration: Configuration) throws(StoreError) -> KeyRing {
        do {
            return try KeyRing(current: key, previous: configuration.previousEncryptionKeys)
        } catch {
            throw .invalidKey(source: "configuration", problem: error.description)
        }
    }

    /// Counts Redis's values by the key that sealed them, and stops start-up
    /// when any needs a key this replica lacks (CONTRACT §9: never start
    /// half-empty); registers the current key as used. With Redis out of
    /// reach there is nothing to count yet; start-up goes on, as it does
    /// without the check. When only the current key was ever registered,
    /// nothing needs counting: no value is sealed with any other.
    private static func checkKeys(at url: RedisURL, keys: KeyRing, log: @Sendable (String) -> Void) throws -> RedisKeyRotation.Census? {
        switch Result(catching: { () throws(StoreError) in try RedisKeyRotation.checkAtStart(at: url, keys: keys) }) {
        case .failure(let error):
            log("session store: could not count Redis's values by key (\(error)); start-up goes on without that check")
            return nil
        case .success(nil):
            return RedisKeyRotation.Census()
        case .success(let census?) where !census.missing.isEmpty:
            let needed = census.missing.sorted { $0.key.description < $1.key.description }
                .map { "\($0.value) with key id \($0.key)" }.joined(separator: ", ")
            throw StartupError("Redis holds \(census.missing.values.reduce(0, +)) sealed records this replica has no key for "
                + "(\(needed)); add those keys to FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS. Nothing was started or changed")
        case .success(let census?):
            if census.previous > 0 { log("session store: \(census.previous) records in Redis are sealed with a previous key") }
            return census
        }
    }
}
