import FoundationEssentials

/// The claims of an id_token that FrameAuth checks (OpenID Connect Core §2),
/// typed strictly: a claim of the wrong type refuses the whole token rather
/// than reading as absent. Values are checked by `IDTokenVerifier`.
struct IDTokenClaims: Sendable, Equatable {
    let iss: String
    let sub: String
    /// RFC 7519 §4.1.3: one string or an array of strings; always a list here.
    let aud: [String]
    let exp: Date
    let iat: Date
    let nonce: String?
    let azp: String?

    static func decode(_ payload: [UInt8]) throws(IDTokenError) -> IDTokenClaims {
        guard JSONMemberNames.areUnique(in: payload),
              let wire = try? JSONDecoder().decode(Wire.self, from: Data(payload)) else { throw .malformedClaims }
        guard let iss = wire.iss else { throw .missingClaim("iss") }
        guard let sub = wire.sub else { throw .missingClaim("sub") }
        guard let aud = wire.aud else { throw .missingClaim("aud") }
        guard let exp = wire.exp else { throw .missingClaim("exp") }
        guard let iat = wire.iat else { throw .missingClaim("iat") }
        return IDTokenClaims(
            iss: iss, sub: sub, aud: aud,
            exp: Date(timeIntervalSince1970: exp), iat: Date(timeIntervalSince1970: iat),
            nonce: wire.nonce, azp: wire.azp)
    }

    /// Every claim optional, so absence and a wrong type are told apart.
    private struct Wire: Decodable {
        let iss: String?
        let sub: String?
        let aud: [String]?
        /// NumericDate (RFC 7519 §2): seconds since the epoch, whole or fractional.
        let exp: Double?
        let iat: Double?
        let nonce: String?
        let azp: String?

        enum CodingKeys: String, CodingKey { case iss, sub, aud, exp, iat, nonce, azp }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            iss = try container.decodeIfPresent(String.self, forKey: .iss)
            sub = try container.decodeIfPresent(String.self, forKey: .sub)
            if let single = try? container.decodeIfPresent(String.self, forKey: .aud) {
                aud = [single]
            } else {
                aud = try container.decodeIfPresent([String].self, forKey: .aud)
            }
            exp = try container.decodeIfPresent(Double.self, forKey: .exp)
            iat = try container.decodeIfPresent(Double.self, forKey: .iat)
            nonce = try container.decodeIfPresent(String.self, forKey: .nonce)
            azp = try container.decodeIfPresent(String.self, forKey: .azp)
        }
    }
}
