/// Refresh leases in Redis, one per user across every replica: `SET NX PX`
/// with a random owner value, renewed and released only by that owner.
/// A replica that dies holding one holds its user up for `duration` at most.
struct RedisRefreshLeases: RefreshLeases {
    let redis: RedisClient
    let duration: Duration

    init(redis: RedisClient, duration: Duration = .seconds(10)) {
        self.redis = redis
        self.duration = duration
    }

    private struct Lease: RefreshLease {
        let redis: RedisClient
        let key: String
        let owner: [UInt8]
        let milliseconds: [UInt8]

        func renew() async -> Bool {
            let renewed = try? await redis.eval(RedisScripts.renewLease, keys: [key], arguments: [owner, milliseconds])
            return renewed == .integer(1)
        }

        func release() async {
            // A lease that cannot be released lapses by itself.
            _ = try? await redis.eval(RedisScripts.releaseLease, keys: [key], arguments: [owner])
        }
    }

    func acquire(_ userID: String) async throws(StoreError) -> (any RefreshLease)? {
        let key = RedisKeys.refreshLease(userID)
        let owner = Array(SecureRandom.token(byteCount: 16).utf8)
        let milliseconds = Array(String(duration.timeoutMilliseconds).utf8)
        let set = try await redis.storeCall { redis throws(RedisError) in
            try await redis.call("SET", [Array(key.utf8), owner, Array("NX".utf8), Array("PX".utf8), milliseconds])
        }
        let acquired: Bool
        do { acquired = try set.isOK() } catch { throw .unavailable(reason: error.description) }
        return acquired ? Lease(redis: redis, key: key, owner: owner, milliseconds: milliseconds) : nil
    }
}
