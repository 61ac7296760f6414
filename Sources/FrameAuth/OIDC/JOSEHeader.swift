import FoundationEssentials

/// The protected header of a JWS (RFC 7515 §4.1), the members FrameAuth reads.
struct JOSEHeader: Sendable, Equatable {
    /// The signing algorithm the token claims (RFC 7515 §4.1.1); checked by
    /// the verifier, never trusted to choose how to verify.
    let alg: String
    /// Which key of the issuer's key set signed (RFC 7515 §4.1.4).
    let kid: String?
    /// The media type of the whole JWS (RFC 7515 §4.1.9), e.g. "JWT".
    let typ: String?

    static func decode(_ json: [UInt8]) throws(IDTokenError) -> JOSEHeader {
        guard JSONMemberNames.areUnique(in: json),
              let wire = try? JSONDecoder().decode(Wire.self, from: Data(json)) else { throw .malformedHeader }
        // RFC 7515 §4.1.11: a recipient that does not understand every
        // extension named in `crit` MUST refuse the JWS; FrameAuth understands none.
        guard !wire.hasCrit else { throw .criticalHeader }
        return JOSEHeader(alg: wire.alg, kid: wire.kid, typ: wire.typ)
    }

    /// Strict types: a `kid` that is a number fails the header rather than
    /// reading as no `kid`.
    private struct Wire: Decodable {
        let alg: String
        let kid: String?
        let typ: String?
        let hasCrit: Bool

        enum CodingKeys: String, CodingKey { case alg, kid, typ, crit }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            alg = try container.decode(String.self, forKey: .alg)
            kid = try container.decodeIfPresent(String.self, forKey: .kid)
            typ = try container.decodeIfPresent(String.self, forKey: .typ)
            hasCrit = container.contains(.crit)
        }
    }
}
