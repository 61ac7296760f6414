/// Why a cryptographic operation failed. No case carries key or message bytes.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An AES-256-GCM key must be exactly 32 bytes.
    case invalidKeyLength(Int)
    /// Shorter than nonce plus tag, so it cannot be a sealed box.
    case malformedSealedBox
    /// The tag did not verify: wrong key, wrong associated data, or the bytes were altered.
    case authenticationFailed
    /// An RSA modulus outside `RSAPublicKey.modulusBits`.
    case unsupportedRSAModulus(bits: Int)
    /// An RSA public exponent that is even or outside 2^16 < e < 2^256.
    case unsupportedRSAExponent
    /// OpenSSL reported an internal failure.
    case libraryFailure

    public var description: String {
        switch self {
        case .invalidKeyLength(let length):
            "encryption key must be \(AESGCM.keyLength) bytes, got \(length)"
        case .malformedSealedBox:
            "sealed data is too short to be valid"
        case .authenticationFailed:
            "sealed data did not authenticate (wrong key, or the data was altered)"
        case .unsupportedRSAModulus(let bits):
            "RSA modulus of \(bits) bits is outside \(RSAPublicKey.modulusBits.lowerBound)...\(RSAPublicKey.modulusBits.upperBound) bits"
        case .unsupportedRSAExponent:
            "RSA public exponent must be odd and between 2^16 and 2^256"
        case .libraryFailure:
            "OpenSSL reported an internal failure"
        }
    }
}
