/// How long the shared store waits for Redis, and how it backs off when
/// Redis is gone. Every call is bounded: a Redis that stops answering turns
/// into `503`s within `command`, never into requests that hang.
public struct RedisTimeouts: Sendable, Equatable {
    /// To open a connection (TCP and AUTH's round trip each get this long).
    public var connect: Duration = .seconds(2)
    /// For each read or write of a command's request and reply.
    public var command: Duration = .seconds(2)
    /// The wait after a failed connection attempt before any worker tries
    /// again, doubling on each failure up to `maxBackoff`; calls in between
    /// fail at once instead of each waiting for a connect time-out.
    public var firstBackoff: Duration = .milliseconds(100)
    public var maxBackoff: Duration = .seconds(5)

    public init() {}
}
