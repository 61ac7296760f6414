import Foundation
import Glibc
@testable import FrameAuth

/// Debian's `redis-server` on 127.0.0.1 and on a Unix socket in a folder of
/// its own, writing every change to its append-only file before answering
/// (`appendfsync always`), as docs/SCALING.md asks of production. Killed, and
/// its files removed, when the test is done; `stop()` and `start()` stop and
/// restart it on the same port and files.
final class RedisServer: @unchecked Sendable {
    let directory = TemporaryDirectory()
    private(set) var port: Int
    let password: String?
    private var process: ChildProcess?

    var socketPath: String { directory.path + "/redis.sock" }

    /// The URL to reach it over TCP (`database` selected) or its Unix socket.
    func url(database: Int = 0, overSocket: Bool = false, password: String? = nil) -> RedisURL {
        let credentials = (password ?? self.password).map { ":\($0)@" } ?? ""
        let text = overSocket
            ? "unix://\(credentials)\(socketPath)?db=\(database)"
            : "redis://\(credentials)127.0.0.1:\(port)/\(database)"
        return try! RedisURL(parsing: text)
    }

    init(password: String? = nil) throws {
        self.password = password
        port = try Self.freePort()
        // The port was free when picked; another test's server may take it
        // before this one binds it. Then pick again.
        for attempt in 1...5 {
            do {
                try start()
                return
            } catch RedisServerError.notReady(let log) where log.contains("Address already in use") && attempt < 5 {
                port = try Self.freePort()
            }
        }
    }

    deinit {
        stop()
    }

    /// Starts the server (again) and returns once it accepts connections.
    func start() throws {
        var arguments = [
            "--bind", "127.0.0.1", "--port", String(port),
            "--unixsocket", socketPath, "--unixsocketperm", "700",
            "--dir", directory.path, "--logfile", "redis.log",
            "--save", "", "--appendonly", "yes", "--appendfsync", "always",
        ]
        if let password { arguments += ["--requirepass", password] }
        let readyLines = log.components(separatedBy: "Ready to accept connections").count
        let process = try ChildProcess("/usr/bin/redis-server", arguments)
        self.process = process
        let deadline = Date() + 10
        while log.components(separatedBy: "Ready to accept connections").count == readyLines {
            guard process.isRunning, Date() < deadline else { throw RedisServerError.notReady(log) }
            usleep(10_000)
        }
    }

    /// Kills the server (SIGKILL: what `appendfsync always` acknowledged
    /// must survive it) and waits for it to end.
    func stop() {
        process?.kill()
        process = nil
    }

    /// Every key in the server's database 0 and every value, whatever its
    /// type, one after another: what someone with access to Redis could read.
    func everyKeyAndValue() async throws -> [UInt8] {
        let redis = RedisClient(url: url())
        var everything: [UInt8] = []
        for key in try await redis.call("KEYS", "*").array().compactMap({ try $0.bytesOrNull() }) {
            let value: RedisReply = switch try await redis.call("TYPE", [key]) {
            case .status("hash"): try await redis.call("HGETALL", [key])
            case .status("set"): try await redis.call("SMEMBERS", [key])
            case .status("list"): try await redis.call("LRANGE", [key, Array("0".utf8), Array("-1".utf8)])
            default: try await redis.call("GET", [key])
            }
            everything += key + Self.bytes(of: value)
        }
        return everything
    }

    private static func bytes(of reply: RedisReply) -> [UInt8] {
        switch reply {
        case .bytes(let bytes): bytes
        case .array(let elements): elements.flatMap(bytes(of:))
        case .status(let text), .error(let text): Array(text.utf8)
        case .integer(let value): Array(String(value).utf8)
        case .null: []
        }
    }

    private var log: String {
        (try? String(contentsOfFile: directory.path + "/redis.log", encoding: .utf8)) ?? ""
    }

    /// A port nobody holds now, below the range the kernel picks outgoing
    /// connections' ports from (`ip_local_port_range`). A port from that
    /// range, free when picked, could be taken as the source port of another
    /// test's connection, or of the client's own attempt to reach this port
    /// while the server is down, and then the restart on it fails with
    /// "Address already in use".
    private static func freePort() throws -> Int {
        let firstEphemeral = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } } ?? 32_768
        let candidates = 10_000..<max(firstEphemeral, 10_001)
        for _ in 0..<100 {
            let port = Int.random(in: candidates)
            if isFree(port) { return port }
        }
        throw RedisServerError.noFreePort
    }

    /// Whether a socket can bind 127.0.0.1:`port` now.
    private static func isFree(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(socket, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

enum RedisServerError: Error {
    case noFreePort
    case notReady(String)
}
