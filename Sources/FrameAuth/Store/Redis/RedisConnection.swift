import CShim
import Glibc

/// One blocking connection to Redis through hiredis, signed in and on its
/// database. The only Swift that touches hiredis: what leaves it is Swift
/// values.
///
/// `@unchecked Sendable`: a hiredis context must not be used on two threads
/// at once, and each connection belongs to one `RedisLink`, used only on its
/// worker's serial queue.
final class RedisConnection: @unchecked Sendable {
    /// hiredis writes with write(2), which raises SIGPIPE on a connection
    /// Redis has closed; that must be an error (EPIPE), not the end of the
    /// process. The server's own sockets use MSG_NOSIGNAL; hiredis 0.14 has
    /// no such option, so the signal is ignored process-wide, once.
    private static let brokenPipesIgnored: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    private let context: UnsafeMutablePointer<redisContext>

    /// Connects, then signs in (`AUTH`) and selects the database when the URL
    /// asks for it.
    init(_ url: RedisURL, timeouts: RedisTimeouts) throws(RedisError) {
        Self.brokenPipesIgnored
        let connect = timeouts.connect.timeoutMilliseconds
        let command = timeouts.command.timeoutMilliseconds
        let made: UnsafeMutablePointer<redisContext>? = switch url.endpoint {
        case .tcp(let host, let port): cshim_redis_connect(host, Int32(port), nil, connect, command)
        case .unixSocket(let path): cshim_redis_connect(nil, 0, path, connect, command)
        }
        guard let made else { throw .unavailable(reason: "out of memory") }
        // From here on, a throw still runs deinit, which frees the context.
        context = made
        if let failure = cshim_redis_error(made) { throw .unavailable(reason: String(cString: failure)) }
        if let password = url.password {
            let credentials = (url.username.map { [$0] } ?? []) + [password]
            _ = try call("AUTH", credentials.map { Array($0.utf8) }).throwingErrors()
        }
        if url.database != 0 {
            _ = try call("SELECT", [Array(String(url.database).utf8)]).throwingErrors()
        }
    }

    deinit {
        redisFree(context)
    }

    /// Whether the connection failed; a failed hiredis context stays failed.
    var isBroken: Bool {
        cshim_redis_error(context) != nil
    }

    /// Sends one command (each argument binary-safe) and reads its reply. An
    /// error reply is returned, not thrown: scripts and `WATCH` answer with
    /// them on purpose. Throws only when the connection failed.
    func call(_ arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        var timedOut: Int32 = 0
        let reply = withArgumentPointers(arguments) { pointers, lengths in
            cshim_redis_command(context, Int32(arguments.count), pointers, lengths, &timedOut)
        }
        guard let reply else {
            if timedOut != 0 { throw .timedOut }
            throw .unavailable(reason: cshim_redis_error(context).map { String(cString: $0) } ?? "no reply")
        }
        defer { freeReplyObject(reply) }
        return Self.convert(reply.pointee)
    }

    func call(_ command: String, _ arguments: [[UInt8]] = []) throws(RedisError) -> RedisReply {
        try call([Array(command.utf8)] + arguments)
    }

    private static func convert(_ reply: redisReply) -> RedisReply {
        switch reply.type {
        case REDIS_REPLY_STRING:
            return .bytes(bytes(reply))
        case REDIS_REPLY_STATUS:
            return .status(String(decoding: bytes(reply), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: bytes(reply), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(reply.integer))
        case REDIS_REPLY_ARRAY:
            let elements = UnsafeBufferPointer(start: reply.element, count: reply.elements)
            return .array(elements.map { element in element.map { convert($0.pointee) } ?? .null })
        default:
            return .null
        }
    }

    private static func bytes(_ reply: redisReply) -> [UInt8] {
        guard let text = reply.str else { return [] }
        return Array(UnsafeRawBufferPointer(start: text, count: reply.len))
    }
}

/// C pointers to each argument's bytes and their lengths, valid in `body`.
private func withArgumentPointers<Result>(
    _ arguments: [[UInt8]],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
) -> Result {
    // One buffer holds every argument, so there is a single allocation to
    // keep alive; a zero byte after each keeps empty arguments non-NULL.
    var joined: [UInt8] = []
    joined.reserveCapacity(arguments.reduce(0) { $0 + $1.count + 1 })
    for argument in arguments { joined += argument + [0] }
    return joined.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { characters in
            var offset = 0
            let pointers: [UnsafePointer<CChar>?] = arguments.map { argument in
                defer { offset += argument.count + 1 }
                return characters.baseAddress! + offset
            }
            let lengths = arguments.map(\.count)
            return pointers.withUnsafeBufferPointer { pointers in
                lengths.withUnsafeBufferPointer { lengths in body(pointers.baseAddress!, lengths.baseAddress!) }
            }
        }
    }
}
