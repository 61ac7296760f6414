import CShim

/// SHA-256 through OpenSSL (EVP_Digest).
public enum SHA256 {
    /// Length of a digest in bytes.
    public static let digestLength = Int(CSHIM_SHA256_LENGTH)

    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        newDigest { output in bytes.withUnsafeBufferPointer { digest(of: $0, into: output) } }
    }

    /// The digest of the text's UTF-8 (see `digest(_:into:)`).
    public static func digest(_ text: some StringProtocol) -> [UInt8] {
        newDigest { output in digest(text, into: output) }
    }

    /// Writes the digest of the text's UTF-8 into `output`, which holds
    /// `digestLength` bytes. The text is read in place (no copy into an
    /// array) when it is native, as parsed and literal text is.
    static func digest(_ text: some StringProtocol, into output: UnsafeMutableRawBufferPointer) {
        let wasContiguous: Void? = text.utf8.withContiguousStorageIfAvailable { digest(of: $0, into: output) }
        if wasContiguous == nil { Array(text.utf8).withUnsafeBufferPointer { digest(of: $0, into: output) } }
    }

    private static func newDigest(_ write: (UnsafeMutableRawBufferPointer) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: digestLength) { digest, initialized in
            write(UnsafeMutableRawBufferPointer(digest))
            initialized = digestLength
        }
    }

    private static func digest(of input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= digestLength, "a SHA-256 digest is 32 bytes")
        // EVP_Digest over memory with a built-in algorithm fails only when
        // OpenSSL itself is broken (no provider, no memory).
        guard cshim_sha256(input.baseAddress, input.count, output.baseAddress) == 1 else {
            fatalError("OpenSSL EVP_Digest(SHA-256) failed")
        }
    }
}
