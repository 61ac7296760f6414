/// One reply of the Redis protocol (RESP2), as hiredis read it.
public indirect enum RedisReply: Sendable, Equatable {
    /// A bulk string: any bytes.
    case bytes([UInt8])
    /// A simple status such as `OK` or `PONG`.
    case status(String)
    case integer(Int)
    case array([RedisReply])
    /// A missing key or an unset field.
    case null
    /// An error reply (`ERR …`, `WRONGTYPE …`, `NOSCRIPT …`).
    case error(String)

    /// The bytes of a bulk string; nil for a null reply.
    public func bytesOrNull() throws(RedisError) -> [UInt8]? {
        switch self {
        case .bytes(let bytes): return bytes
        case .null: return nil
        default: throw unexpected("a bulk string")
        }
    }

    public func integer() throws(RedisError) -> Int {
        guard case .integer(let value) = self else { throw unexpected("an integer") }
        return value
    }

    public func array() throws(RedisError) -> [RedisReply] {
        guard case .array(let elements) = self else { throw unexpected("an array") }
        return elements
    }

    /// Whether the reply is the status `OK` (a `SET` that took effect) rather
    /// than null (a `SET NX` that did not).
    public func isOK() throws(RedisError) -> Bool {
        switch self {
        case .status("OK"): return true
        case .null: return false
        default: throw unexpected("OK or null")
        }
    }

    /// An error reply becomes `RedisError.refused`; any other reply is itself.
    func throwingErrors() throws(RedisError) -> RedisReply {
        if case .error(let message) = self { throw .refused(message) }
        return self
    }

    private func unexpected(_ expected: String) -> RedisError {
        .unexpectedReply(expected: expected, kind: kind)
    }

    /// The reply's kind, never its content (which may be sealed user data).
    var kind: String {
        switch self {
        case .bytes: "a bulk string"
        case .status: "a status"
        case .integer: "an integer"
        case .array: "an array"
        case .null: "null"
        case .error: "an error"
        }
    }
}
