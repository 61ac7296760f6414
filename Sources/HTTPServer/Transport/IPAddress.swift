import Glibc

/// An IPv4 or IPv6 address literal (no names, no brackets), parsed with
/// `inet_pton` so every spelling of an address (`::1`, `0:0::1`) is
/// recognised, and printed with `inet_ntop`. The one parser of addresses:
/// listening, trusted proxies, outbound URLs, configuration checks and
/// sign-in rate buckets all read them through it.
public enum IPAddress: Sendable, Equatable {
    case v4(UInt32)
    /// The 16 bytes in network order.
    case v6([UInt8])

    public init?(_ text: String) {
        // Through `withCString`, which reads a native string in place: the
        // implicit conversion copied it into an array, once per /login
        // (sign-ins are counted per client address).
        guard let address = text.withCString({ Self.parse($0) }) else { return nil }
        self = address
    }

    private static func parse(_ text: UnsafePointer<CChar>) -> IPAddress? {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 { return IPAddress(ipv4) }
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, text, &ipv6) == 1 else { return nil }
        return IPAddress(ipv6)
    }

    init(_ address: in_addr) {
        self = .v4(UInt32(bigEndian: address.s_addr))
    }

    init(_ address: in6_addr) {
        self = .v6(withUnsafeBytes(of: address) { Array($0) })
    }

    /// The address as `inet_ntop` prints it (`::1` for `0:0::1`): the form
    /// peers are reported in.
    public var text: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch self {
        case .v4:
            var address = inAddr
            inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
        case .v6:
            var address = in6Addr
            inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The IPv4 address for a `sockaddr_in` (zero for an IPv6 one).
    var inAddr: in_addr {
        guard case .v4(let value) = self else { return in_addr() }
        return in_addr(s_addr: value.bigEndian)
    }

    /// The IPv6 address for a `sockaddr_in6` (`::` for an IPv4 one).
    var in6Addr: in6_addr {
        var address = in6_addr()
        if case .v6(let bytes) = self {
            withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        }
        return address
    }

    public var isV6: Bool {
        if case .v6 = self { true } else { false }
    }

    /// 127.0.0.0/8 or ::1: reachable from this machine only.
    public var isLoopback: Bool {
        switch self {
        case .v4(let address): address >> 24 == 127
        case .v6(let bytes): bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
        }
    }

    /// 0.0.0.0 or `::`: every address of the family.
    public var isWildcard: Bool {
        switch self {
        case .v4(let address): address == 0
        case .v6(let bytes): bytes.allSatisfy { $0 == 0 }
        }
    }
}
