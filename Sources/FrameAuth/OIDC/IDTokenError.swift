/// Why an id_token was refused (OpenID Connect Core §3.1.3.7). Descriptions
/// are for the log: they name the rule broken and never include the token,
/// its signature or a claim's value. An `alg` or `kid` is shown only when it
/// is short and plain (`loggable`), since anyone can write one into a token.
enum IDTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Longer than `CompactJWS.maxLength`.
    case tooLarge
    /// Not three base64url parts joined by dots (RFC 7515 §7.1).
    case notCompactJWS
    /// The JOSE header is not a JSON object with a string `alg`, names a
    /// member twice, or has a `kid` or `typ` that is not a string.
    case malformedHeader
    /// The header lists extensions that must be understood (RFC 7515 §4.1.11).
    case criticalHeader
    /// Any `alg` but RS256, as the token named it.
    case unsupportedAlgorithm(String)
    case missingKeyID
    /// No key of the identity provider's key set has this `kid`, as the token named it.
    case unknownKeyID(String)
    /// The key set could not be fetched.
    case keySetUnavailable
    /// The key set was fetched but holds no key that can check RS256.
    case keySetInvalid
    case badSignature
    /// The payload is not a JSON object, names a claim twice, or has a claim of the wrong type.
    case malformedClaims
    /// A required claim is absent; the name is FrameAuth's, never the token's.
    case missingClaim(String)
    case wrongIssuer
    case wrongAudience
    /// Several audiences, and `azp` names another client.
    case wrongAuthorizedParty
    case expired
    case issuedInTheFuture
    case nonceMismatch
    /// `sub` is empty or longer than 255 bytes.
    case invalidSubject

    var description: String {
        switch self {
        case .tooLarge: "id_token is longer than \(CompactJWS.maxLength) bytes"
        case .notCompactJWS: "id_token is not a compact JWS (three base64url parts)"
        case .malformedHeader: "id_token's JOSE header is not a JSON object with a string alg and unique members"
        case .criticalHeader: "id_token's header lists critical extensions (crit), none of which FrameAuth understands"
        case .unsupportedAlgorithm(let alg): "id_token is signed with alg \(Self.loggable(alg)); only RS256 is accepted"
        case .missingKeyID: "id_token's header names no key (kid)"
        case .unknownKeyID(let kid): "id_token names key \(Self.loggable(kid)), which is not in the identity provider's key set"
        case .keySetUnavailable: "the identity provider's key set (JWKS) could not be fetched"
        case .keySetInvalid: "the identity provider's key set (JWKS) holds no RSA key usable for RS256"
        case .badSignature: "id_token's signature does not verify"
        case .malformedClaims: "id_token's claims are not a JSON object of the expected types with unique names"
        case .missingClaim(let name): "id_token has no \(name) claim"
        case .wrongIssuer: "id_token's iss is not the configured issuer"
        case .wrongAudience: "id_token's aud does not include the client id"
        case .wrongAuthorizedParty: "id_token has several audiences and its azp is not the client id"
        case .expired: "id_token has expired (exp)"
        case .issuedInTheFuture: "id_token is issued in the future (iat)"
        case .nonceMismatch: "id_token's nonce is not the one sent with the authorization request"
        case .invalidSubject: "id_token's sub is empty or longer than 255 bytes"
        }
    }

    /// `value` when it is 1-40 of `A-Z a-z 0-9 . _ -`, which cannot forge a
    /// log line or carry much of a secret; otherwise a placeholder.
    static func loggable(_ value: String) -> String {
        let plain = (1...40).contains(value.utf8.count) && value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        return plain ? value : "(not shown)"
    }
}
