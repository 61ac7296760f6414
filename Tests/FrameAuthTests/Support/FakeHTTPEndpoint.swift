import Foundation
import Glibc
import HTTPServer

/// A scripted HTTP/1.1 server on 127.0.0.1 (port 0) for tests: the stand-in
/// for Frame.io's token endpoint and `/v2/me`. Plain blocking sockets, one
/// thread accepting and one per connection, keep-alive honoured, so a test
/// can see whether a client reused its connection.
///
/// It records every request before answering, then answers with whatever
/// `Reply` the responder picks, including faults: a delay, an oversized
/// body, a connection reset, a redirect.
final class FakeHTTPEndpoint: Sendable {
    struct Request: Sendable {
        var method: String
        /// The request target as sent: path and query.
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// Which TCP connection carried it, numbered from 0 in accept order.
        var connection: Int

        /// The first value of `name`, compared case-insensitively.
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    enum Reply: Sendable {
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Waits, then answers with the wrapped reply (if the client is still there).
        indirect case delayed(Duration, Reply)
        /// A 200 with `byteCount` bytes of body, announced by `Content-Length`,
        /// or sent chunked so that the size is unknown until it arrives.
        case oversizedBody(byteCount: Int, chunked: Bool)
        /// Reads the request, then closes with a TCP RST and no answer.
        case resetConnection
        /// `302 Found` with `Location: location`.
        case redirect(to: String)

        static func json(_ text: String, status: Int = 200) -> Reply {
            .respond(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
        }
    }

    typealias Responder = @Sendable (Request) -> Reply

    let port: UInt16
    private let core: Core

    /// Answers every request with `responder(request)`.
    init(responder: @escaping Responder) throws {
        core = try Core(responder: responder)
        port = core.port
        let core = core
        Thread.detachNewThread { core.acceptLoop() }
    }

    /// Answers requests with `replies`, in order; past the end with a 500.
    convenience init(replies: [Reply]) throws {
        let script = Lock(replies[...])
        try self.init { _ in
            script.withLock { $0.popFirst() } ?? .respond(status: 500, body: Array("script exhausted".utf8))
        }
    }

    deinit {
        core.stop()
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String = "/") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Every request received so far, in arrival order.
    var requests: [Request] {
        core.state.withLock { $0.requests }
    }

    /// TCP connections accepted so far.
    var connectionCount: Int {
        core.state.withLock { $0.connectionCount }
    }

    /// Stops accepting and ends open connections; also done on deinit.
    func stop() {
        core.stop()
    }
}

extension FakeHTTPEndpoint {
    struct State {
        var requests: [Request] = []
        var connectionCount = 0
        /// Sockets of live connections. Only the thread serving a socket
        /// closes it; `stop` merely shuts it down, so a descriptor number is
        /// never closed twice or after the kernel reused it.
        var openSockets: Set<Int32> = []
        var stopped = false
    }

    /// What the threads share; kept apart from `FakeHTTPEndpoint` so that
    /// the endpoint's deinit can run while they are still alive.
    final class Core: Sendable {
        let port: UInt16
        let state = Lock(State())
        private let listener: Int32
        private let responder: Responder

        init(responder: @escaping Responder) throws {
            self.responder = responder
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard listener >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    bind(listener, address, length) == 0
                        && listen(listener, 64) == 0
                        && getsockname(listener, address, &length) == 0
                }
            }
            guard bound else {
                let error = errno
                close(listener)
                throw POSIXError(.init(rawValue: error) ?? .EIO)
            }
            self.listener = listener
            port = UInt16(bigEndian: address.sin_port)
        }

        func stop() {
            state.withLock { state in
                guard !state.stopped else { return }
                state.stopped = true
                // Wakes the threads blocked in accept and recv (Linux returns
                // EINVAL and 0 respectively); each then closes its own socket.
                shutdown(listener, Int32(SHUT_RDWR))
                for socket in state.openSockets { shutdown(socket, Int32(SHUT_RDWR)) }
            }
        }

        func acceptLoop() {
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    break
                }
                let connection: Int? = state.withLock { state in
                    guard !state.stopped else { return nil }
                    state.openSockets.insert(client)
                    defer { state.connectionCount += 1 }
                    return state.connectionCount
                }
                guard let connection else {
                    close(client)
                    break
                }
                Thread.detachNewThread { self.serve(client, connection: connection) }
            }
            close(listener)
        }

        private func serve(_ socket: Int32, connection: Int) {
            var reader = RequestReader(socket: socket)
            while let request = reader.next(connection: connection) {
                state.withLock { $0.requests.append(request) }
                guard send(responder(request), on: socket) else { break }
            }
            state.withLock { _ = $0.openSockets.remove(socket) }
            close(socket)
        }

        /// Writes `reply`; false when the connection must end.
        private func send(_ reply: Reply, on socket: Int32) -> Bool {
            switch reply {
            case .respond(let status, let headers, let body):
                return write(head(status: status, headers: headers + [("Content-Length", "\(body.count)")]) + body, to: socket)
            case .delayed(let delay, let reply):
                let (seconds, attoseconds) = delay.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
                return send(reply, on: socket)
            case .oversizedBody(let byteCount, chunked: false):
                let headers = [("Content-Type", "text/plain"), ("Content-Length", "\(byteCount)")]
                return write(head(status: 200, headers: headers) + Array(repeating: UInt8(ascii: "x"), count: byteCount), to: socket)
            case .oversizedBody(let byteCount, chunked: true):
                let headers = [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")]
                guard write(head(status: 200, headers: headers), to: socket) else { return false }
                var remaining = byteCount
                while remaining > 0 {
                    let size = min(remaining, 16 * 1024)
                    let chunk = Array(String(size, radix: 16).utf8) + [13, 10]
                        + Array(repeating: UInt8(ascii: "x"), count: size) + [13, 10]
                    guard write(chunk, to: socket) else { return false }
                    remaining -= size
                }
                return write(Array("0\r\n\r\n".utf8), to: socket)
            case .resetConnection:
                // SO_LINGER with a zero time-out turns close() into a RST.
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return false
            case .redirect(let location):
                return send(.respond(status: 302, headers: [("Location", location)]), on: socket)
            }
        }

        private func head(status: Int, headers: [(String, String)]) -> [UInt8] {
            var text = "HTTP/1.1 \(status) Fake\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            return Array((text + "\r\n").utf8)
        }

        private func write(_ bytes: [UInt8], to socket: Int32) -> Bool {
            var sent = 0
            while sent < bytes.count {
                // MSG_NOSIGNAL: a client that has gone must not SIGPIPE the test process.
                let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                sent += count
            }
            return true
        }
    }

    /// Reads requests off one connection: head up to CRLF CRLF, then a
    /// `Content-Length` body. Enough for libcurl; not a general parser.
    struct RequestReader {
        let socket: Int32
        private var buffer: [UInt8] = []

        init(socket: Int32) {
            self.socket = socket
        }

        mutating func next(connection: Int) -> Request? {
            let terminator: [UInt8] = [13, 10, 13, 10]
            var headEnd: Int?
            while true {
                headEnd = buffer.firstRange(of: terminator)?.lowerBound
                if headEnd != nil { break }
                guard fill() else { return nil }
            }
            guard let headEnd else { return nil }
            let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count == 3 else { return nil }
            let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
            let bodyStart = headEnd + terminator.count
            while buffer.count < bodyStart + length {
                guard fill() else { return nil }
            }
            let request = Request(
                method: String(requestLine[0]),
                target: String(requestLine[1]),
                headers: headers,
                body: Array(buffer[bodyStart..<bodyStart + length]),
                connection: connection
            )
            buffer.removeFirst(bodyStart + length)
            return request
        }

        private mutating func fill() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                buffer += chunk[..<count]
                return true
            }
        }
    }
}
