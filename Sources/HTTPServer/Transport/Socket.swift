import CLinux
import Glibc

/// A non-blocking stream socket: a file descriptor and the few calls the
/// server makes on it. Closed peers cannot kill the process (MSG_NOSIGNAL).
struct Socket: Sendable {
    let fd: Int32

    enum ReadOutcome {
        case bytes(Int)
        case wouldBlock
        case closed
    }

    /// Binds and listens on `host:port` (an IPv4 or IPv6 literal; port 0 picks one).
    static func listen(host: String, port: Int, backlog: Int) throws(SocketError) -> Socket {
        var storage = sockaddr_storage()
        let length = try SocketAddress.fill(&storage, host: host, port: port)
        let fd = socket(Int32(storage.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        let listening = Socket(fd: fd)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { let error = SocketError("bind"); listening.close(); throw error }
        guard Glibc.listen(fd, Int32(clamping: backlog)) == 0 else { let error = SocketError("listen"); listening.close(); throw error }
        return listening
    }

    /// The port actually bound (useful after binding port 0).
    func localPort() -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return SocketAddress.describe(storage).port
    }

    /// Accepts one pending connection, non-blocking; nil when none is waiting.
    func accept() throws(SocketError) -> (Socket, peer: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let client = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                clinux_accept4(fd, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        guard client >= 0 else {
            switch Glibc.errno {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED: return nil
            default: throw SocketError("accept4")
            }
        }
        var one: Int32 = 1
        // Responses go out in one send; don't let Nagle hold the last segment back.
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return (Socket(fd: client), SocketAddress.describe(storage).host)
    }

    /// Reads into the loop's scratch buffer; the caller copies out what arrived.
    func read(into scratch: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        let received = recv(fd, scratch.baseAddress, scratch.count, 0)
        if received > 0 { return .bytes(received) }
        if received == 0 { return .closed }
        return Glibc.errno == EAGAIN || Glibc.errno == EWOULDBLOCK || Glibc.errno == EINTR ? .wouldBlock : .closed
    }

    /// Sends what it can; returns how many bytes left, or nil if the peer is gone.
    func send(_ bytes: ArraySlice<UInt8>) -> Int? {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent >= 0 { return sent }
        return Glibc.errno == EAGAIN || Glibc.errno == EWOULDBLOCK || Glibc.errno == EINTR ? 0 : nil
    }

    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    func close() { _ = Glibc.close(fd) }
}
