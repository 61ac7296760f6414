/// One worker's way to Redis: a connection made when first needed, dropped
/// when it breaks or times out, and made again once the client's shared
/// back-off allows. Nothing is retried here: a command whose connection
/// broke may or may not have run, and only its caller knows whether running
/// it twice is harmless.
///
/// `@unchecked Sendable`: used only on its worker's serial queue.
final class RedisLink: @unchecked Sendable {
    private let url: RedisURL
    private let timeouts: RedisTimeouts
    private let backoff: RedisBackoff
    private var connection: RedisConnection?

    init(url: RedisURL, timeouts: RedisTimeouts, backoff: RedisBackoff) {
        self.url = url
        self.timeouts = timeouts
        self.backoff = backoff
    }

    func call(_ arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        let connection = try connected()
        do {
            return try connection.call(arguments)
        } catch {
            // A timed-out reply may still arrive and would answer the next
            // command, so the connection goes whichever way it failed.
            self.connection = nil
            throw error
        }
    }

    private func connected() throws(RedisError) -> RedisConnection {
        if let connection, !connection.isBroken { return connection }
        connection = nil
        let now = ContinuousClock.now
        guard backoff.mayAttempt(at: now) else { throw .unavailable(reason: "reconnecting after a failed attempt") }
        do {
            let made = try RedisConnection(url, timeouts: timeouts)
            connection = made
            backoff.attemptSucceeded()
            return made
        } catch {
            backoff.attemptFailed(at: now)
            throw error
        }
    }
}
