import FoundationEssentials

/// The session store shared by replicas (CONTRACT §8): every user, token
/// and browser session in Redis, sealed with the encryption key, and
/// nothing kept in this process, so any replica serves any browser.
///
/// A change is acknowledged only once Redis answered it; every call is
/// bounded by the client's time-outs, and a Redis out of reach is
/// `StoreError.unavailable`, never a wait without end.
public final class RedisStore: SessionStore {
    private let redis: RedisClient
    let sealer: RedisSealer
    private let rotation: RedisKeyRotation
    let now: @Sendable () -> Date
    let sessionLifetime: TimeInterval
    /// Users read per call by `users()`.
    static let userBatch = 256

    /// Seals with the current key of `keys`, and opens with any of them.
    public init(
        redis: RedisClient, keys: KeyRing, now: @escaping @Sendable () -> Date = Date.init,
        sessionLifetime: Duration = SignInLimits.sessionLifetime
    ) {
        sealer = RedisSealer(keys: keys)
        rotation = RedisKeyRotation(redis: redis, sealer: sealer)
        self.redis = redis
        self.now = now
        self.sessionLifetime = sessionLifetime.seconds
    }

    /// A store sealing with `key` alone.
    public convenience init(
        redis: RedisClient, key: [UInt8], now: @escaping @Sendable () -> Date = Date.init,
        sessionLifetime: Duration = SignInLimits.sessionLifetime
    ) throws(StoreError) {
        self.init(redis: redis, keys: try KeyRing(sealingWith: key), now: now, sessionLifetime: sessionLifetime)
    }

    // MARK: Reading

    public func user(forSession session: SessionID) async throws(StoreError) -> StoredUser? {
        let key = RedisKeys.session(session.digest)
        guard let sealed = try await call("GET", [key]).bytesOrNullAsStore(),
              case .session(let found) = try sealer.openRecord(sealed, under: key),
              found.isLive(at: now()) else { return nil }
        return try await user(id: found.userID)
    }

    public func user(id: String) async throws(StoreError) -> StoredUser? {
        try await versionedUser(id)?.user
    }

    /// Nil: nothing is held in this process, since another replica may
    /// change the user at any time.
    public func tokensWithoutWaiting(userID: String) -> TokenLookup? { nil }

    public func hasEnded(_ id: String) async throws(StoreError) -> Bool {
        try await call("EXISTS", [RedisKeys.ended(id)]).integerAsStore() == 1
    }

    public func users() async throws(StoreError) -> [StoredUser] {
        let ids = try await call("SMEMBERS", [RedisKeys.users]).arrayAsStore().map { reply throws(StoreError) in
            String(decoding: try reply.bytesOrNullAsStore() ?? [], as: UTF8.self)
        }
        var users: [StoredUser] = []
        for start in stride(from: 0, to: ids.count, by: Self.userBatch) {
            let keys = ids[start..<min(start + Self.userBatch, ids.count)].map(RedisKeys.user)
            let records = try await eval(RedisScripts.userRecords, keys: keys, arguments: []).arrayAsStore()
            for (key, record) in zip(keys, records) {
                // A user deleted between the two calls has no record left.
                guard let sealed = try record.bytesOrNullAsStore() else { continue }
                users.append(try storedUser(sealed, under: key))
            }
        }
        return users.sorted { $0.profile.id < $1.profile.id }
    }

    public let location = "Redis"

    /// As the latest count of `RedisKeyRotation` found; unavailable before the first.
    public func recordsSealedWithPreviousKeys() throws(StoreError) -> Int {
        guard let count = rotation.recordsSealedWithPreviousKeys else { throw .unavailable(reason: "not counted yet") }
        return count
    }

    /// Start-up's count of values by key, until the first walk counts again.
    func note(_ census: RedisKeyRotation.Census) {
        rotation.note(census)
    }

    /// Seals again with the current key, in the background, what previous keys sealed.
    func startKeyRotation(log: @escaping @Sendable (String) -> Void) {
        rotation.start(log: log)
    }

    public func userCount() async throws(StoreError) -> Int {
        try await call("SCARD", [RedisKeys.users]).integerAsStore()
    }

    /// Whether Redis takes writes now: a replica promoted away, a full
    /// `maxmemory` or a lost connection all fail this write.
    public func isWritable() async -> Bool {
        (try? await call("SET", [RedisKeys.readinessProbe, "1", "PX", "60000"])) != nil
    }

    /// Stops sealing values again; every change is in Redis when its call returns.
    public func close() async {
        rotation.stop()
    }

    // MARK: Helpers for the changes

    /// The user's record and the version it was read at, for fenced writes.
    func versionedUser(_ id: String) async throws(StoreError) -> (user: StoredUser, version: [UInt8])? {
        let key = RedisKeys.user(id)
        let fields = try await call("HMGET", [key, "version", "record"]).arrayAsStore()
        guard fields.count == 2, let version = try fields[0].bytesOrNullAsStore(),
              let sealed = try fields[1].bytesOrNullAsStore() else { return nil }
        return (try storedUser(sealed, under: key), version)
    }

    /// A user record's version: random, so it never repeats, not even for a
    /// user deleted and signed in again while a fenced write was on its way
    /// (a counter in the record would start again at 1).
    static func newVersion() -> [UInt8] {
        Array(SecureRandom.token(byteCount: 12).utf8)
    }

    func seal(_ record: JournalRecord, under key: String) throws(StoreError) -> [UInt8] {
        try sealer.seal(record, under: key)
    }

    private func storedUser(_ sealed: [UInt8], under key: String) throws(StoreError) -> StoredUser {
        guard case .user(let user) = try sealer.openRecord(sealed, under: key) else { throw .sealedValueUndecodable(key: key) }
        return user
    }

    func call(_ command: String, _ arguments: [String]) async throws(StoreError) -> RedisReply {
        try await redis.storeCommand(command, arguments)
    }

    func eval(_ script: String, keys: [String], arguments: [[UInt8]]) async throws(StoreError) -> RedisReply {
        try await redis.storeEval(script, keys: keys, arguments: arguments)
    }
}
