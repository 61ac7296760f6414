/// A JWS in compact serialization (RFC 7515 §7.1), split and decoded but not
/// yet verified: `BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)`.
struct CompactJWS: Sendable {
    /// Several times any id_token IMS issues (a few KiB), and small enough
    /// that refusing a hostile one costs nothing.
    static let maxLength = 16 * 1024

    let header: JOSEHeader
    let payload: [UInt8]
    /// What the signature covers (RFC 7515 §5.2 step 8): the first two parts
    /// and the dot between them, as received rather than re-encoded.
    let signingInput: [UInt8]
    let signature: [UInt8]

    static func parse(_ token: String) throws(IDTokenError) -> CompactJWS {
        let bytes = Array(token.utf8)
        guard bytes.count <= maxLength else { throw .tooLarge }
        // Five parts would be a JWE (RFC 7516 §7.1), which FrameAuth never asks for.
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3,
              let header = Base64URL.decode(parts[0]),
              let payload = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]) else { throw .notCompactJWS }
        return CompactJWS(
            header: try JOSEHeader.decode(header), payload: payload,
            signingInput: Array(bytes[..<parts[1].endIndex]), signature: signature)
    }
}
