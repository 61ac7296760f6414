import FrameAuth

/// RSA keys generated once per test run: a 2048-bit key takes OpenSSL tens
/// of milliseconds, too slow to make in every test.
enum TestRSAKeys {
    static let first = generate()
    static let second = generate()

    private static func generate() -> RSAPrivateKey {
        do {
            return try RSAPrivateKey.generate()
        } catch {
            fatalError("OpenSSL could not generate an RSA key: \(error)")
        }
    }
}

extension RSAPrivateKey {
    /// The public half, as a verifier would build it from a JWKS.
    func publicKey() throws -> RSAPublicKey {
        try RSAPublicKey(modulus: modulus, exponent: exponent)
    }
}
