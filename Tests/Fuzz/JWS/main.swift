// libFuzzer target for what FrameAuth reads of an OpenID Connect sign-in
// before and without any cryptography (Sources/FrameAuth/OIDC): the compact
// JWS of an id_token (CompactJWS, JOSEHeader), its claims (IDTokenClaims),
// the identity provider's key set (JSONWebKeySet), and base64url (Base64URL).
//
// Every input goes to each of them whole: as the token's text, as a claims
// payload, as a key set document and as base64url.

import Foundation

func fuzz(_ input: [UInt8]) {
    base64URL(input)
    compactJWS(text(input))
    claims(input)
    keySet(input)
}

/// Decoding accepts exactly what encoding writes: each byte string has one
/// spelling, and every spelling decodes back to its bytes.
func base64URL(_ input: [UInt8]) {
    check(Base64URL.decode(Base64URL.encode(input).utf8) == input, "encode then decode changed \(input)")
    if let decoded = Base64URL.decode(input) {
        check(Array(Base64URL.encode(decoded).utf8) == input, "\(text(input).debugDescription) is not how its bytes encode")
    }
}

/// What parsing may refuse a token with: only its form, in words of its own.
let parseRefusals = Set([IDTokenError.tooLarge, .notCompactJWS, .malformedHeader, .criticalHeader].map(\.description))

/// A token is refused for a reason about its form, with a log line that
/// shows none of it; or its parts are exactly the base64url of what was read.
func compactJWS(_ token: String) {
    let jws: CompactJWS
    do {
        jws = try CompactJWS.parse(token)
    } catch {
        // The refusal's words are one of four fixed messages, whatever the
        // token: none can carry any of it. (Searching the message for parts
        // of the token, as this did, fails on a token whose part is one of
        // the message's own words, such as `id_token`.)
        check(parseRefusals.contains(error.description), "parse refused \(token.debugDescription) as \(error)")
        return
    }
    let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Array.init)
    check(token.utf8.count <= CompactJWS.maxLength, "parsed a token of \(token.utf8.count) bytes")
    check(parts.count == 3, "parsed \(parts.count) parts")
    check(Array(Base64URL.encode(jws.payload).utf8) == parts[1], "payload is not the second part")
    check(Array(Base64URL.encode(jws.signature).utf8) == parts[2], "signature is not the third part")
    check(jws.signingInput == parts[0] + [UInt8(ascii: ".")] + parts[1], "signing input is not the first two parts")
}

/// Claims are refused as malformed or for a missing required claim; read,
/// they are what a parser keeping the last of duplicate names reads too
/// (RFC 7519 §4), and they read the same once written out again.
func claims(_ payload: [UInt8]) {
    let claims: IDTokenClaims
    do {
        claims = try IDTokenClaims.decode(payload)
    } catch {
        switch error {
        case .malformedClaims: break
        case .missingClaim(let name): check(["iss", "sub", "aud", "exp", "iat"].contains(name), "missing claim \(name)")
        default: check(false, "claims refused as \(error)")
        }
        return
    }
    if let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] {
        check(object["iss"] as? String == claims.iss && object["sub"] as? String == claims.sub
              && object["nonce"] as? String == claims.nonce && object["azp"] as? String == claims.azp,
              "a last-wins parser reads other claims than \(claims)")
    }
    let again = try? IDTokenClaims.decode(encode(SentClaims(claims)))
    check(again == claims, "\(claims) written out again read as \(String(describing: again))")
}

struct SentClaims: Encodable {
    let iss: String
    let sub: String
    let aud: [String]
    let exp: Double
    let iat: Double
    let nonce: String?
    let azp: String?

    init(_ claims: IDTokenClaims) {
        iss = claims.iss
        sub = claims.sub
        aud = claims.aud
        exp = claims.exp.timeIntervalSince1970
        iat = claims.iat.timeIntervalSince1970
        nonce = claims.nonce
        azp = claims.azp
    }
}

/// A key set is refused whole as invalid, or keeps at most 32 RSA keys for
/// RS256 signatures, each under a distinct, non-empty kid.
func keySet(_ document: [UInt8]) {
    let set: JSONWebKeySet
    do {
        set = try JSONWebKeySet.decode(document)
    } catch {
        check(error == .keySetInvalid, "key set refused as \(error)")
        return
    }
    check(document.count <= JSONWebKeySet.maxDocumentLength, "read a key set of \(document.count) bytes")
    check(set.keys.count <= JSONWebKeySet.maxKeys, "kept \(set.keys.count) keys")
    check(Set(set.keys.map(\.kid)).count == set.keys.count, "two keys named alike in \(set.keys.map(\.kid))")
    for key in set.keys {
        check(!key.kid.isEmpty && key.kty == "RSA" && (key.use ?? "sig") == "sig" && (key.alg ?? "RS256") == "RS256",
              "kept key \(key.kid.debugDescription) (\(key.kty), use \(key.use ?? "-"), alg \(key.alg ?? "-"))")
    }
}

func encode(_ value: some Encodable) -> [UInt8] {
    do {
        return Array(try JSONEncoder().encode(value))
    } catch {
        check(false, "JSONEncoder refused \(value): \(error)")
        return []
    }
}
