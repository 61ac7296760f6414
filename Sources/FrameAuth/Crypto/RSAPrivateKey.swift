import CShim

/// A 2048-bit RSA private key held by OpenSSL that signs RS256 (RFC 7518
/// §3.3). Demo mode's stand-in identity provider signs its id_tokens with
/// one, and tests mint tokens with it; production only verifies.
public final class RSAPrivateKey: Sendable {
    /// The public modulus, big-endian: a JWK's `n` once base64url-encoded.
    public let modulus: [UInt8]
    /// The public exponent, big-endian: a JWK's `e`.
    public let exponent: [UInt8]

    /// Never modified after `generate`; shared as `RSAPublicKey` shares its key.
    private nonisolated(unsafe) let key: OpaquePointer

    private init(key: OpaquePointer, modulus: [UInt8], exponent: [UInt8]) {
        self.key = key
        self.modulus = modulus
        self.exponent = exponent
    }

    deinit { cshim_rsa_key_free(key) }

    /// A fresh key from OpenSSL's generator, exponent 65537.
    public static func generate() throws(CryptoError) -> RSAPrivateKey {
        var generated: OpaquePointer?
        guard cshim_rsa_private_key_generate(&generated) == 1, let key = generated else { throw .libraryFailure }
        // Room for any modulus `RSAPublicKey` accepts, and any exponent.
        var modulus = [UInt8](repeating: 0, count: RSAPublicKey.modulusBits.upperBound / 8)
        var exponent = [UInt8](repeating: 0, count: 32)
        var modulusLength = modulus.count
        var exponentLength = exponent.count
        guard cshim_rsa_public_numbers(key, &modulus, &modulusLength, &exponent, &exponentLength) == 1 else {
            cshim_rsa_key_free(key)
            throw .libraryFailure
        }
        return RSAPrivateKey(key: key, modulus: Array(modulus.prefix(modulusLength)), exponent: Array(exponent.prefix(exponentLength)))
    }

    /// The RS256 signature of `message`, as long as the modulus.
    public func signRS256(_ message: [UInt8]) throws(CryptoError) -> [UInt8] {
        var length = modulus.count
        var signed = false
        let signature = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            signed = message.withUnsafeBufferPointer { message in
                cshim_rs256_sign(key, message.baseAddress, message.count, buffer.baseAddress, &length) == 1
            }
            initialized = signed ? length : 0
        }
        guard signed else { throw .libraryFailure }
        return signature
    }
}
