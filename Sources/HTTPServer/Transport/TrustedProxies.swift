/// The proxies whose `X-Forwarded-For` is believed, and the client address
/// that follows from it. A header from anyone else is ignored: any client
/// can send one. Only the address is taken; nothing the server or its
/// responders send is derived from forwarded headers.
public struct TrustedProxies: Sendable {
    private let addresses: Set<String>

    /// IP literals; each is kept in the form `inet_ntop` prints, the form
    /// peers are reported in, so `::0001` and `::1` are the same proxy.
    public init(_ literals: [String] = []) {
        addresses = Set(literals.compactMap(Self.canonical))
    }

    /// The client behind `peer`: the peer itself unless it is a trusted proxy;
    /// otherwise the rightmost `X-Forwarded-For` entry that is not a trusted
    /// proxy (entries further left were written by whoever connected to the
    /// first proxy, and may be forged). Falls back to the peer when an
    /// entry is not an IP address.
    public func client(peer: String, headers: HTTPHeaders) -> String {
        guard !addresses.isEmpty, addresses.contains(peer) else { return peer }
        let hops = headers.values("X-Forwarded-For").flatMap { $0.split(separator: ",") }
        var client = peer
        for hop in hops.reversed() {
            guard let address = Self.canonical(String(hop.trimmingSpaces())) else { return peer }
            client = address
            if !addresses.contains(address) { break }
        }
        return client
    }

    private static func canonical(_ literal: String) -> String? {
        IPAddress(literal)?.text
    }
}
