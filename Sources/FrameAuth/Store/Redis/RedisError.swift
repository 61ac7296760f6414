/// Why a call to Redis failed. Descriptions go to logs: they name what went
/// wrong, never a key's value or the URL's password.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection: connecting failed, the connection broke, or the client
    /// is waiting out its back-off before the next attempt.
    case unavailable(reason: String)
    /// Redis did not answer within the command time-out; the connection was
    /// dropped, as its reply could still arrive.
    case timedOut
    /// Redis answered with an error (`NOAUTH`, `WRONGPASS`, `WRONGTYPE`, …).
    case refused(String)
    /// Redis answered, but not with what the command returns.
    case unexpectedReply(expected: String, kind: String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "Redis is unavailable: \(reason)"
        case .timedOut: "Redis did not answer within the time-out"
        case .refused(let message): "Redis refused the command: \(message)"
        case .unexpectedReply(let expected, let kind): "Redis answered with \(kind) where \(expected) was due"
        }
    }
}
