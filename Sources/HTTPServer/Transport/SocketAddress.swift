import Glibc

/// Converts between address literals and `sockaddr_storage`.
enum SocketAddress {
    static func fill(_ storage: inout sockaddr_storage, host: String, port: Int) throws(SocketError) -> socklen_t {
        guard (0...65535).contains(port) else { throw SocketError("bind", errno: EINVAL) }
        guard let address = IPAddress(host) else { throw SocketError("bind (\(host) is not an IP address)", errno: EINVAL) }
        let networkPort = in_port_t(UInt16(port).bigEndian)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            if address.isV6 {
                var v6 = sockaddr_in6()
                v6.sin6_family = sa_family_t(AF_INET6)
                v6.sin6_port = networkPort
                v6.sin6_addr = address.in6Addr
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee = v6 }
                return socklen_t(MemoryLayout<sockaddr_in6>.size)
            }
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = networkPort
            v4.sin_addr = address.inAddr
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee = v4 }
            return socklen_t(MemoryLayout<sockaddr_in>.size)
        }
    }

    static func describe(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        withUnsafePointer(to: storage) { pointer in
            if Int32(storage.ss_family) == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    (IPAddress(v6.pointee.sin6_addr).text, Int(UInt16(bigEndian: v6.pointee.sin6_port)))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                (IPAddress(v4.pointee.sin_addr).text, Int(UInt16(bigEndian: v4.pointee.sin_port)))
            }
        }
    }
}
