/// A sign-in in progress as the shared store keeps it (sealed by
/// `RedisSealer`): its fields in a fixed order, after a version byte. The
/// client is not kept: it only decides which per-client bound the attempt
/// counts against, and that is the name of a list.
extension LoginAttempt {
    private static let version: UInt8 = 1

    var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.write(Self.version)
        writer.write(fixed: browserBinding.bytes)
        writer.write(pkceVerifier)
        writer.write(nonce)
        writer.write(returnTo)
        writer.write(expiresAt)
        return writer.bytes
    }

    init(decoding bytes: [UInt8]) throws(ByteReader.Malformed) {
        var reader = ByteReader(bytes)
        guard try reader.readByte() == Self.version else { throw ByteReader.Malformed() }
        self.init(
            browserBinding: SHA256Digest(bytes: try reader.readFixed(count: SHA256.digestLength)),
            pkceVerifier: try reader.readOptionalString(),
            nonce: try reader.readOptionalString(),
            returnTo: try reader.readString(),
            expiresAt: try reader.readDate()
        )
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
    }
}
