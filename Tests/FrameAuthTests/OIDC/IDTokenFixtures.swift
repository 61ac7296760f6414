import Foundation
@testable import FrameAuth
import Testing

/// id_tokens and key sets as IMS would send them, signed with real keys;
/// each test changes only what it is about.
enum IDTokens {
    static let issuer = "https://ims-na1.adobelogin.com"
    static let clientID = "frameauth-web"
    static let subject = "9A1B2C3D4E5F60718293A4B5@AdobeID"
    static let nonce = "mN0nce-7Qx2LkP9vW4zR8tY1uI6oA3sD5fG"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let seconds = Int(now.timeIntervalSince1970)

    /// The claims of a good token; `changes` replaces claims, and a nil value removes one.
    static func claims(_ changes: [String: Any?] = [:]) -> [String: Any] {
        var claims: [String: Any] = [
            "iss": issuer, "sub": subject, "aud": clientID, "nonce": nonce,
            "iat": seconds - 5, "exp": seconds + 3600, "azp": clientID,
        ]
        for (name, value) in changes { claims[name] = value }
        return claims
    }

    static func header(kid: String? = "key-1", alg: String = "RS256") -> [String: Any] {
        var header: [String: Any] = ["alg": alg, "typ": "JWT"]
        header["kid"] = kid
        return header
    }

    static func make(
        claims: [String: Any] = claims(), header: [String: Any] = header(), signer: RSAPrivateKey = TestRSAKeys.first
    ) throws -> String {
        try make(payload: json(claims), header: header, signer: signer)
    }

    /// A token over a payload given as text, for JSON that a dictionary cannot hold.
    static func make(payload: [UInt8], header: [String: Any] = header(), signer: RSAPrivateKey = TestRSAKeys.first) throws -> String {
        let signingInput = Base64URL.encode(try json(header)) + "." + Base64URL.encode(payload)
        return signingInput + "." + Base64URL.encode(try signer.signRS256(Array(signingInput.utf8)))
    }

    static func jwk(kid: String, key: RSAPrivateKey) -> [String: Any] {
        ["kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
         "n": Base64URL.encode(key.modulus), "e": Base64URL.encode(key.exponent)]
    }

    /// A key set of `keys`, and any other entries after them.
    static func jwks(_ keys: [(kid: String, key: RSAPrivateKey)], others: [Any] = []) throws -> [UInt8] {
        try json(["keys": keys.map { jwk(kid: $0.kid, key: $0.key) } + others])
    }

    static func json(_ object: Any) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}

/// A verifier for `IDTokens` with its key endpoint and clock in reach.
struct VerifierHarness {
    let endpoint: StubKeyEndpoint
    let clock = ManualClock()
    let verifier: IDTokenVerifier

    init(keys: [(kid: String, key: RSAPrivateKey)] = [("key-1", TestRSAKeys.first)],
         issuer: String = IDTokens.issuer, hold: Gate? = nil) throws {
        endpoint = StubKeyEndpoint(serving: try IDTokens.jwks(keys), hold: hold)
        let cache = JWKSCache(fetch: { [endpoint] in try await endpoint.fetch() }, now: { [clock] in clock.now() })
        verifier = IDTokenVerifier(issuer: issuer, clientID: IDTokens.clientID, keys: cache)
    }

    func verify(_ token: String, nonce: String? = IDTokens.nonce, now: Date = IDTokens.now) async throws(IDTokenError) -> VerifiedIDToken {
        try await verifier.verify(token, nonce: nonce, now: now)
    }

    /// Expects `token` refused for `reason`, with a log line that shows none
    /// of the token's parts, its subject or its nonce.
    func expectRefusal(
        _ token: String, _ reason: IDTokenError, nonce: String? = IDTokens.nonce, now: Date = IDTokens.now,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            let verified = try await verify(token, nonce: nonce, now: now)
            Issue.record("accepted a token to refuse for \(reason): \(verified)", sourceLocation: sourceLocation)
        } catch {
            #expect(error == reason, sourceLocation: sourceLocation)
            let logged = error.description
            let secrets = token.split(separator: ".").map(String.init).filter { $0.count >= 8 } + [IDTokens.subject, IDTokens.nonce]
            for secret in secrets {
                #expect(!logged.contains(secret), "log line \(logged) shows part of the token", sourceLocation: sourceLocation)
            }
        }
    }
}
