import Foundation
@testable import FrameAuth
import HTTPServer

/// Adobe IMS's OpenID Connect side of a V4 sign-in, served by
/// `FrameIOStandIn`: the key set (RFC 7517) at `/keys`, and the id_token in
/// each code exchange's answer, signed RS256 with a key of its own, with the
/// requesting client as `aud` and the `nonce` of the authorize request the
/// code answers. Knobs spoil the next id_tokens one way at a time, and rotate
/// the signing key.
final class IMSStandIn: Sendable {
    /// The id_token's `sub`; unlike `/v4/me`'s id, so a test can tell which one was kept.
    static let subject = "9F3B27C41A6E08D5.e@AdobeID"

    /// How the next id_tokens differ from a valid one.
    enum Variant: String, CaseIterable, Sendable {
        case valid
        /// No id_token in the token answer at all.
        case missing
        /// `alg: none` and no signature (RFC 7519 §6).
        case algNone
        /// `alg: RS384` over an RS256 signature: only RS256 may be accepted.
        case otherAlgorithm
        /// Signed by a key nobody published, under the published key's `kid`.
        case badSignature
        /// The payload changed after signing.
        case tamperedPayload
        /// Signed by the published key, under a `kid` the key set does not hold.
        case unknownKeyID
        /// Adobe's real issuer, not the configured one.
        case wrongIssuer
        case wrongAudience
        /// A nonce no login sent.
        case wrongNonce
        case noNonce
        /// Expired 61 s ago: past the 60 s leeway.
        case expired
        /// Issued 120 s ahead of FrameAuth's clock.
        case issuedInTheFuture
        /// Expired 30 s ago: within the leeway.
        case expiredWithinLeeway
        /// Issued 30 s ahead: within the leeway.
        case issuedWithinLeewayAhead
        /// `aud` as a list that holds the client among others (OpenID Connect Core §2).
        case audienceList

        /// Each makes a sign-in fail on its own.
        static let faults: [Variant] = [.missing, .algNone, .otherAlgorithm, .badSignature, .tamperedPayload, .unknownKeyID,
                                        .wrongIssuer, .wrongAudience, .wrongNonce, .noNonce, .expired, .issuedInTheFuture]
        /// Within the rules: the sign-in goes through.
        static let tolerated: [Variant] = [.valid, .expiredWithinLeeway, .issuedWithinLeewayAhead, .audienceList]
    }

    private struct SigningKey: Sendable {
        let key: RSAPrivateKey
        let id: String

        var jwk: [String: String] {
            ["kty": "RSA", "use": "sig", "alg": "RS256", "kid": id,
             "n": Base64URL.encode(key.modulus), "e": Base64URL.encode(key.exponent)]
        }
    }

    private struct State: Sendable {
        var issuer = ""
        var signing: SigningKey
        var published: [SigningKey]
        var rotations = 0
        /// The nonce each approved code's authorize request carried.
        var nonces: [String: String] = [:]
        var variant = Variant.valid
        var issued: [String] = []
    }

    private let state: Lock<State>
    private let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date) throws {
        let key = SigningKey(key: try RSAPrivateKey.generate(), id: "ims-key-0")
        state = Lock(State(signing: key, published: [key]))
        self.now = now
    }

    func setIssuer(_ issuer: String) { state.withLock { $0.issuer = issuer } }

    /// The person approved the authorize request that carried `nonce`, and
    /// IMS sends the browser back with `code`: the id_token for `code` will
    /// carry that nonce.
    func approve(code: String, nonce: String?) { state.withLock { $0.nonces[code] = nonce } }

    func setVariant(_ variant: Variant) { state.withLock { $0.variant = variant } }

    /// Signs with a new key from now on, and publishes only that one.
    func rotateKey() throws {
        let generated = try RSAPrivateKey.generate()
        state.withLock { state in
            state.rotations += 1
            state.signing = SigningKey(key: generated, id: "ims-key-\(state.rotations)")
            state.published = [state.signing]
        }
    }

    /// Every id_token handed out so far.
    var issuedIDTokens: [String] { state.withLock { $0.issued } }

    func keySetReply() -> FakeHTTPEndpoint.Reply {
        let keys = state.withLock { $0.published.map(\.jwk) }
        let body = (try? JSONSerialization.data(withJSONObject: ["keys": keys], options: .sortedKeys)) ?? Data()
        return .respond(status: 200, headers: [("Content-Type", "application/json")], body: Array(body))
    }

    /// The id_token for a code exchange (nil for a refresh, or with `.missing`).
    func idToken(answering request: FakeHTTPEndpoint.Request) -> String? {
        guard let form = try? FormParametersTestView(request.bodyText), form["grant_type"] == "authorization_code" else { return nil }
        let client = Self.clientID(of: request, form: form)
        return state.withLock { state -> String? in
            guard let token = try? mint(for: client, nonce: state.nonces[form["code"] ?? ""], state) else { return nil }
            state.issued.append(token)
            return token
        }
    }

    /// IMS makes the id_token for the client that asked: Basic auth's user, or the body's `client_id`.
    private static func clientID(of request: FakeHTTPEndpoint.Request, form: FormParametersTestView) -> String {
        guard let basic = request.header("Authorization"), basic.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(basic.dropFirst(6))),
              let user = String(decoding: decoded, as: UTF8.self).split(separator: ":").first else {
            return form["client_id"] ?? ""
        }
        return String(user).removingPercentEncoding ?? String(user)
    }

    private func mint(for client: String, nonce: String?, _ state: State) throws -> String? {
        let variant = state.variant
        guard variant != .missing else { return nil }
        let issuedAt = Int(now().timeIntervalSince1970)
        var claims: [String: Any] = [
            "iss": state.issuer, "sub": Self.subject, "aud": client, "iat": issuedAt, "exp": issuedAt + 86_400,
            "email": FrameIOStandIn.email, "name": "Ada Lovelace",
        ]
        claims["nonce"] = nonce
        var algorithm = "RS256"
        var keyID = state.signing.id
        var signer = state.signing.key
        switch variant {
        case .valid, .missing: break
        case .algNone: algorithm = "none"
        case .otherAlgorithm: algorithm = "RS384"
        case .badSignature: signer = try RSAPrivateKey.generate()
        case .tamperedPayload: break
        case .unknownKeyID: keyID = "ims-key-nobody-published"
        case .wrongIssuer: claims["iss"] = ProviderKind.v4.defaults.issuer
        case .wrongAudience: claims["aud"] = "another-adobe-client"
        case .wrongNonce: claims["nonce"] = Base64URL.encode(SecureRandom.bytes(count: 32))
        case .noNonce: claims["nonce"] = nil
        case .expired: (claims["iat"], claims["exp"]) = (issuedAt - 3_600, issuedAt - 61)
        case .issuedInTheFuture: claims["iat"] = issuedAt + 120
        case .expiredWithinLeeway: (claims["iat"], claims["exp"]) = (issuedAt - 3_600, issuedAt - 30)
        case .issuedWithinLeewayAhead: claims["iat"] = issuedAt + 30
        case .audienceList: claims["aud"] = ["another-adobe-client", client]
        }
        let header = Base64URL.encode(Array(#"{"alg":"\#(algorithm)","kid":"\#(keyID)","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys)))
        let signingInput = header + "." + payload
        guard variant != .algNone else { return signingInput + "." }
        let signature = Base64URL.encode(try signer.signRS256(Array(signingInput.utf8)))
        guard variant == .tamperedPayload else { return signingInput + "." + signature }
        claims["sub"] = "SOMEONE-ELSE@AdobeID"
        let tampered = Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys)))
        return header + "." + tampered + "." + signature
    }
}
