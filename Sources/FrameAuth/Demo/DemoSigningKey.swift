import FoundationEssentials

/// The V4 stand-in's id_token signer: an RSA key made with libcrypto at
/// start (never written anywhere), its JWKS, and RS256 JWTs (RFC 7515 §7.1
/// compact serialization, RFC 7519 claims).
struct DemoSigningKey: Sendable {
    private let key: RSAPrivateKey
    /// Names the key in the JWKS and in every token's header.
    let keyID: String

    init() throws(CryptoError) {
        key = try RSAPrivateKey.generate()
        keyID = Base64URL.encode(Array(SHA256.digest(key.modulus).prefix(12)))
    }

    /// The key set document (RFC 7517 §5) FrameAuth fetches from `jwks_url`.
    var keySet: [String: [[String: String]]] {
        ["keys": [[
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": keyID,
            "n": Base64URL.encode(key.modulus), "e": Base64URL.encode(key.exponent),
        ]]]
    }

    struct Claims: Encodable {
        let iss: String
        let sub: String
        let aud: String
        let exp: Int
        let iat: Int
        let nonce: String?
        let email: String
        let name: String
    }

    func idToken(_ claims: Claims) throws -> String {
        let header = Base64URL.encode(Array(#"{"alg":"RS256","kid":"\#(keyID)","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(Array(try JSONEncoder().encode(claims)))
        let signingInput = header + "." + payload
        return signingInput + "." + Base64URL.encode(try key.signRS256(Array(signingInput.utf8)))
    }
}
