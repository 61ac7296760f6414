import CShim

/// SHA-256 through OpenSSL (EVP_Digest).
public enum SHA256 {
    /// Length of a digest in bytes.
    public static let digestLength = Int(CSHIM_SHA256_LENGTH)

    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer(digest(of:))
    }

    /// The digest of the text's UTF-8, read in place (no copy into an
    /// array) when the text is native, as parsed and literal text is.
    public static func digest(_ text: some StringProtocol) -> [UInt8] {
        text.utf8.withContiguousStorageIfAvailable(digest(of:)) ?? digest(Array(text.utf8))
    }

    private static func digest(of input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: digestLength) { digest, initialized in
            let succeeded = cshim_sha256(input.baseAddress, input.count, digest.baseAddress) == 1
            // EVP_Digest over memory with a built-in algorithm fails only when
            // OpenSSL itself is broken (no provider, no memory).
            guard succeeded else { fatalError("OpenSSL EVP_Digest(SHA-256) failed") }
            initialized = digestLength
        }
    }
}
