import HTTPServer

/// The shared store's way to Redis: a bounded pool of connections, each on
/// a worker thread of its own, so a blocking Redis call never runs on a
/// thread that serves sockets or on Swift's cooperative pool.
public final class RedisClient: Sendable {
    public let url: RedisURL
    private let links: WorkerPool<RedisLink>

    /// `connections` bounds both the connections open to Redis and the
    /// calls running at once; further calls wait for a worker.
    public init(url: RedisURL, connections: Int = 8, timeouts: RedisTimeouts = RedisTimeouts()) {
        self.url = url
        let backoff = RedisBackoff(first: timeouts.firstBackoff, maximum: timeouts.maxBackoff)
        links = WorkerPool(
            label: "FrameAuth.Redis",
            resources: (0..<connections).map { _ in RedisLink(url: url, timeouts: timeouts, backoff: backoff) }
        )
    }

    /// Runs one command. Redis's error replies are thrown as
    /// `RedisError.refused`, a lost connection as `.unavailable`, a reply
    /// slower than the command time-out as `.timedOut`.
    @discardableResult
    public func call(_ command: String, _ arguments: [[UInt8]] = []) async throws(RedisError) -> RedisReply {
        let request = [Array(command.utf8)] + arguments
        let result = await links.run { link in
            Result { () throws(RedisError) in try link.call(request).throwingErrors() }
        }
        return try result.get()
    }

    /// Runs a Lua script with EVAL: `keys` are what it declares as KEYS.
    @discardableResult
    public func eval(_ script: String, keys: [String], arguments: [[UInt8]]) async throws(RedisError) -> RedisReply {
        try await call("EVAL", [Array(script.utf8), Array(String(keys.count).utf8)] + keys.map { Array($0.utf8) } + arguments)
    }

    /// `call` with text arguments.
    @discardableResult
    public func call(_ command: String, _ arguments: String...) async throws(RedisError) -> RedisReply {
        try await call(command, arguments.map { Array($0.utf8) })
    }
}
