import FoundationEssentials

/// A JWK Set document (RFC 7517 §5) reduced to the keys that can check an
/// RS256 signature. The identity provider may publish keys of other kinds
/// and uses alongside them; those are skipped, never an error.
struct JSONWebKeySet: Sendable, Equatable {
    /// IMS's key set is well under 2 KiB; this leaves room for 32 large keys.
    static let maxDocumentLength = 64 * 1024
    /// A set with more entries is refused, not truncated: a key silently
    /// dropped would fail sign-ins with no clue why.
    static let maxKeys = 32

    /// An RSA public key (RFC 7518 §6.3.1) whose `use` and `alg`, when
    /// present, allow RS256 signatures.
    struct Key: Sendable, Equatable {
        let kid: String
        let kty: String
        let use: String?
        let alg: String?
        /// Modulus and exponent, big-endian, as base64url-decoded from the JWK.
        let n: [UInt8]
        let e: [UInt8]
    }

    /// Usable keys in document order, each `kid` once.
    let keys: [Key]

    static func decode(_ document: [UInt8]) throws(IDTokenError) -> JSONWebKeySet {
        guard document.count <= maxDocumentLength,
              let wire = try? JSONDecoder().decode(Wire.self, from: Data(document)),
              wire.keys.count <= maxKeys else { throw .keySetInvalid }
        var keys: [Key] = []
        for entry in wire.keys {
            // RFC 7517 §4.5: kids SHOULD be distinct within a set; when they
            // are not, the first key keeps the name.
            guard let key = entry.rs256Key, !keys.contains(where: { $0.kid == key.kid }) else { continue }
            keys.append(key)
        }
        return JSONWebKeySet(keys: keys)
    }

    private struct Wire: Decodable {
        let keys: [Entry]
    }

    /// One member of `keys`, read leniently: an entry of another shape (not
    /// an object, or a member FrameAuth reads holding something other than a
    /// string) is kept as unusable rather than failing the set.
    private struct Entry: Decodable {
        var fields: [Field: String] = [:]
        var wellFormed = false

        enum Field: String, CodingKey, CaseIterable { case kid, kty, use, alg, n, e }

        init(from decoder: any Decoder) throws {
            guard let container = try? decoder.container(keyedBy: Field.self) else { return }
            for field in Field.allCases where container.contains(field) {
                // A `use` of ["enc"] must not read as no `use` at all.
                guard let value = try? container.decode(String.self, forKey: field) else { return }
                fields[field] = value
            }
            wellFormed = true
        }

        /// The key, when it is RSA (RFC 7517 §4.1), for signatures if `use`
        /// is given (§4.2), for RS256 if `alg` is given (§4.4), and named.
        var rs256Key: Key? {
            guard wellFormed,
                  fields[.kty] == "RSA",
                  fields[.use].map({ $0 == "sig" }) ?? true,
                  fields[.alg].map({ $0 == "RS256" }) ?? true,
                  let kid = fields[.kid], !kid.isEmpty,
                  let n = fields[.n].flatMap({ Base64URL.decode($0.utf8) }),
                  let e = fields[.e].flatMap({ Base64URL.decode($0.utf8) }) else { return nil }
            return Key(kid: kid, kty: "RSA", use: fields[.use], alg: fields[.alg], n: n, e: e)
        }
    }
}
