import CShim

/// Unpredictable bytes from OpenSSL's CSPRNG (RAND_bytes), for keys, nonces,
/// `state` values, PKCE verifiers and session identifiers.
public enum SecureRandom {
    /// `count` random bytes.
    ///
    /// RAND_bytes fails only when the generator cannot be seeded; carrying on
    /// with predictable "random" values would be worse than stopping, so that
    /// traps, as `SystemRandomNumberGenerator` does.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        // Not through unsafeUninitializedCapacity: for 0 the standard library
        // writes the count into the empty-array storage every array shares,
        // a harmless race that ThreadSanitizer reports.
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard cshim_random_bytes(buffer.baseAddress, count) == 1 else {
                fatalError("OpenSSL RAND_bytes failed: no secure randomness available")
            }
            initialized = count
        }
    }

    /// `byteCount` random bytes as unpadded base64url: safe in a URL, a
    /// cookie or a file name without further escaping. The default 32 bytes
    /// give 256 bits, well above the 128 the contract asks of `state`.
    public static func token(byteCount: Int = 32) -> String {
        Base64URL.encode(bytes(count: byteCount))
    }
}
