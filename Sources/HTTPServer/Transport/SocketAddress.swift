import Glibc

/// Converts between address literals and `sockaddr_storage`.
enum SocketAddress {
    static func fill(_ storage: inout sockaddr_storage, host: String, port: Int) throws(SocketError) -> socklen_t {
        guard (0...65535).contains(port) else { throw SocketError("bind", errno: EINVAL) }
        let ok = withUnsafeMutablePointer(to: &storage) { pointer -> socklen_t? in
            var v4 = sockaddr_in()
            if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
                v4.sin_family = sa_family_t(AF_INET)
                v4.sin_port = in_port_t(UInt16(port).bigEndian)
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee = v4 }
                return socklen_t(MemoryLayout<sockaddr_in>.size)
            }
            var v6 = sockaddr_in6()
            if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
                v6.sin6_family = sa_family_t(AF_INET6)
                v6.sin6_port = in_port_t(UInt16(port).bigEndian)
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee = v6 }
                return socklen_t(MemoryLayout<sockaddr_in6>.size)
            }
            return nil
        }
        guard let length = ok else { throw SocketError("bind (\(host) is not an IP address)", errno: EINVAL) }
        return length
    }

    static func describe(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        return withUnsafePointer(to: &copy) { pointer in
            if Int32(storage.ss_family) == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    var address = v6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
                    return (String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), Int(UInt16(bigEndian: v6.pointee.sin6_port)))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                var address = v4.pointee.sin_addr
                inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
                return (String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), Int(UInt16(bigEndian: v4.pointee.sin_port)))
            }
        }
    }
}
