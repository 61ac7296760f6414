import CShim

/// An RSA public key held by OpenSSL, for checking RS256 signatures
/// (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) on id_tokens.
public final class RSAPublicKey: Sendable {
    /// The modulus sizes accepted. RFC 7518 §3.3: a key of 2048 bits or
    /// larger MUST be used. Past 8192 bits no provider publishes keys, and a
    /// larger one would only make each verification slower.
    public static let modulusBits = 2048...8192

    /// Never modified after `init`. openssl-threads(7): an object nothing
    /// modifies may be used from several threads at once, each with its own
    /// context, which `cshim_rs256_verify` makes per call.
    private nonisolated(unsafe) let key: OpaquePointer

    /// A key from the big-endian modulus and exponent of a JWK (`n` and `e`,
    /// RFC 7518 §6.3.1); leading zero bytes are ignored.
    public init(modulus: [UInt8], exponent: [UInt8]) throws(CryptoError) {
        let modulus = modulus.drop { $0 == 0 }
        let exponent = exponent.drop { $0 == 0 }
        let bits = Self.bitCount(modulus)
        guard Self.modulusBits.contains(bits) else { throw .unsupportedRSAModulus(bits: bits) }
        // FIPS 186-5 §A.1.1: e is odd and 2^16 < e < 2^256. Below that, e = 1
        // would make every message its own signature.
        guard let last = exponent.last, last & 1 == 1, (17...256).contains(Self.bitCount(exponent)) else {
            throw .unsupportedRSAExponent
        }
        var key: OpaquePointer?
        let built = modulus.withUnsafeBufferPointer { modulus in
            exponent.withUnsafeBufferPointer { exponent in
                cshim_rsa_public_key_new(modulus.baseAddress, modulus.count, exponent.baseAddress, exponent.count, &key) == 1
            }
        }
        guard built, let key else { throw .libraryFailure }
        self.key = key
    }

    deinit { cshim_rsa_key_free(key) }

    /// Whether `signature` is this key's RS256 signature of `message`.
    public func isValidRS256Signature(_ signature: [UInt8], over message: [UInt8]) -> Bool {
        guard !signature.isEmpty else { return false }
        return signature.withUnsafeBufferPointer { signature in
            message.withUnsafeBufferPointer { message in
                cshim_rs256_verify(key, message.baseAddress, message.count, signature.baseAddress, signature.count) == 1
            }
        }
    }

    /// Bits in a big-endian number whose first byte is not zero.
    private static func bitCount(_ bytes: ArraySlice<UInt8>) -> Int {
        guard let first = bytes.first else { return 0 }
        return bytes.count * 8 - first.leadingZeroBitCount
    }
}
