import Glibc

/// An IPv4 or IPv6 address literal (no names, no brackets), parsed with
/// `inet_pton` so every spelling of an address (`::1`, `0:0::1`) is recognised.
enum IPLiteral {
    case v4(UInt32)
    /// The 16 bytes in network order.
    case v6([UInt8])

    init?(_ text: String) {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 {
            self = .v4(UInt32(bigEndian: ipv4.s_addr))
            return
        }
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, text, &ipv6) == 1 else { return nil }
        self = .v6(withUnsafeBytes(of: &ipv6) { Array($0) })
    }

    var isV6: Bool {
        if case .v6 = self { true } else { false }
    }

    /// 127.0.0.0/8 or ::1: reachable from this machine only.
    var isLoopback: Bool {
        switch self {
        case .v4(let address): address >> 24 == 127
        case .v6(let bytes): bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
        }
    }

    /// 0.0.0.0 or `::`: every address of the family.
    var isWildcard: Bool {
        switch self {
        case .v4(let address): address == 0
        case .v6(let bytes): bytes.allSatisfy { $0 == 0 }
        }
    }
}
