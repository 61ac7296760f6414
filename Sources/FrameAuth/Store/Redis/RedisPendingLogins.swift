import FoundationEssentials

/// Sign-ins in progress shared by replicas (CONTRACT §8): /login on one
/// replica, the callback on any. Each attempt is a sealed key that expires
/// with it, named by the SHA-256 of its `state`, and taken with a read that
/// deletes, so a state works once across all replicas.
///
/// The same two bounds as `PendingLogins` keep a flood from growing Redis or
/// cancelling anyone else's sign-in: at most `perClientCapacity` attempts per
/// client, its own oldest giving way, and at most `capacity` in all.
final class RedisPendingLogins: PendingSignIns {
    private let redis: RedisClient
    private let sealer: RedisSealer
    private let capacity: Int
    private let perClientCapacity: Int

    init(redis: RedisClient, keys: KeyRing, capacity: Int = SignInLimits.pendingSignIns,
         perClientCapacity: Int = SignInLimits.pendingSignInsPerClient) {
        sealer = RedisSealer(keys: keys)
        self.redis = redis
        self.capacity = capacity
        self.perClientCapacity = perClientCapacity
    }

    func register(state: String, attempt: LoginAttempt, now: Date) async throws(StoreError) {
        let key = Self.key(state)
        let lifetime = Int((attempt.expiresAt.timeIntervalSince(now) * 1000).rounded(.up))
        try await redis.storeEval(RedisScripts.registerAttempt, keys: [key, Self.listKey(of: attempt.client), RedisKeys.pendingAttempts],
                       arguments: [try sealer.seal(attempt.encoded, under: key), Array(String(max(1, lifetime)).utf8),
                                   Array(String(perClientCapacity).utf8), Array(String(capacity).utf8)])
    }

    func take(state: String?, browserBinding: BrowserBinding?, now: Date) async throws(StoreError) -> Result<LoginAttempt, StateRejection> {
        guard let state, !state.isEmpty else { return .failure(.missing) }
        let key = Self.key(state)
        guard let sealed = try await redis.storeEval(RedisScripts.takeAttempt, keys: [key], arguments: []).bytesOrNullAsStore() else {
            return .failure(.unknown)
        }
        let plaintext = try sealer.open(sealed, under: key)
        guard let attempt = try? LoginAttempt(decoding: plaintext) else {
            throw .sealedValueUndecodable(key: key)
        }
        return attempt.accepted(from: browserBinding, at: now)
    }

    /// Named by the state's hash: Redis never holds a state a callback could present.
    private static func key(_ state: String) -> String {
        RedisKeys.pendingAttempt(stateDigest: SHA256.digest(state))
    }

    /// The client's list is named by a hash too, so Redis holds no client addresses.
    private static func listKey(of client: ClientBucket) -> String {
        RedisKeys.pendingAttempts(ofClient: SHA256.digest(client.name))
    }
}
