import Foundation
import Glibc

/// A blocking TCP client that writes exact bytes and reads exact responses,
/// so tests see what went over the wire, not what a library made of it.
public final class RawClient {
    public let fd: Int32

    /// A read waits at most `receiveTimeout` seconds: by default 20, or 50
    /// under a sanitizer. The default only bounds a hung test; tests that
    /// expect silence pass a short limit. It is generous because a V4
    /// callback waits for a key-set fetch in the cooperative pool, which the
    /// CPU-bound suites running beside it (RSA key generation among them) can
    /// hold for seconds on two cores: 5 s was once not enough in a plain run.
    public init(port: Int, receiveTimeout: Double = Sanitizer.isOn ? 50 : 20) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawClientError.socket(errno) }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - receiveTimeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw RawClientError.connect(errno) }
    }

    deinit { close(fd) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw RawClientError.send(errno) }
            offset += sent
        }
    }

    private var pending: [UInt8] = []

    /// Reads one whole response (head and Content-Length body).
    public func readResponse(bodyExpected: Bool = true) throws -> RawResponse {
        while true {
            if let response = RawResponse.parse(&pending, bodyExpected: bodyExpected) { return response }
            guard try readMore() else { throw RawClientError.closedBeforeResponse(String(decoding: pending, as: UTF8.self)) }
        }
    }

    /// True once the server has closed the connection (reads to EOF, discarding).
    public func waitForClose() -> Bool {
        while true {
            do { if try !readMore() { return true } } catch { return false }
        }
    }

    /// True when nothing arrives within `time`: no bytes, no close, no reset.
    /// What does arrive is left for the next read.
    public func receivesNothing(within time: Duration) -> Bool {
        guard pending.isEmpty else { return false }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var ready: Int32
        repeat { ready = poll(&entry, 1, Int32(time / .milliseconds(1))) } while ready < 0 && errno == EINTR
        return ready == 0
    }

    /// Reads what arrives; false on EOF, throws on time-out or reset.
    private func readMore() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { pending += chunk[0..<count]; return true }
        if count == 0 { return false }
        throw errno == EAGAIN || errno == EWOULDBLOCK ? RawClientError.timedOut : RawClientError.reset(errno)
    }
}

public enum RawClientError: Error {
    case socket(Int32), connect(Int32), send(Int32), reset(Int32)
    case timedOut
    case closedBeforeResponse(String)
}

/// A response as read off the socket.
public struct RawResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Takes one response off the front of `buffer`, if it is all there.
    static func parse(_ buffer: inout [UInt8], bodyExpected: Bool) -> RawResponse? {
        let separator = Array("\r\n\r\n".utf8)
        guard let headEnd = buffer.firstRange(of: separator)?.upperBound else { return nil }
        let lines = String(decoding: buffer[..<(headEnd - 4)], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        let headers = lines.dropFirst().map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = bodyExpected ? Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0 : 0
        guard buffer.count >= headEnd + length else { return nil }
        let body = Array(buffer[headEnd..<headEnd + length])
        buffer.removeFirst(headEnd + length)
        return RawResponse(status: status, headers: headers, body: body)
    }
}
