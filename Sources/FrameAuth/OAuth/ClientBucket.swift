import FoundationEssentials
import HTTPServer

/// Whose sign-in attempts count together: one IPv4 address, or one IPv6
/// /64, the block a single subscriber usually holds and can pick addresses
/// from at will.
enum ClientBucket: Hashable, Sendable {
    case v4(UInt32)
    case v6Prefix(UInt64)
    /// An address that does not parse; all such count as one client.
    case unknown

    /// The bucket as text, for a key in the shared store (hashed there).
    var name: String {
        switch self {
        case .v4(let address): "v4:\(address)"
        case .v6Prefix(let prefix): "v6:\(prefix)"
        case .unknown: "unknown"
        }
    }

    /// `address` as the server reports the client (behind a trusted proxy,
    /// the forwarded client).
    init(address: String) {
        switch IPAddress(address) {
        case .v4(let value): self = .v4(value)
        case .v6(let bytes): self = .v6Prefix(bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
        case nil: self = .unknown
        }
    }
}
