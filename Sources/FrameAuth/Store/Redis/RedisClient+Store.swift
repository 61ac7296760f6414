/// Redis as the session store sees it: a failed call is the store being
/// unavailable, and a reply of the wrong shape is too.
extension RedisClient {
    func storeCall(_ call: (RedisClient) async throws(RedisError) -> RedisReply) async throws(StoreError) -> RedisReply {
        do { return try await call(self) } catch { throw .unavailable(reason: error.description) }
    }

    /// A command whose arguments are text (key names, fields, counts).
    func storeCommand(_ command: String, _ arguments: [String]) async throws(StoreError) -> RedisReply {
        try await storeCall { redis throws(RedisError) in try await redis.call(command, arguments.map { Array($0.utf8) }) }
    }

    @discardableResult
    func storeEval(_ script: String, keys: [String], arguments: [[UInt8]]) async throws(StoreError) -> RedisReply {
        try await storeCall { redis throws(RedisError) in try await redis.eval(script, keys: keys, arguments: arguments) }
    }
}

extension RedisReply {
    func bytesOrNullAsStore() throws(StoreError) -> [UInt8]? {
        do { return try bytesOrNull() } catch { throw .unavailable(reason: error.description) }
    }

    func integerAsStore() throws(StoreError) -> Int {
        do { return try integer() } catch { throw .unavailable(reason: error.description) }
    }

    func arrayAsStore() throws(StoreError) -> [RedisReply] {
        do { return try array() } catch { throw .unavailable(reason: error.description) }
    }
}
