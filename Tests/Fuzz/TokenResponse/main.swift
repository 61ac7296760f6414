// libFuzzer target for what FrameAuth reads from Frame.io's token endpoint:
// the access token response (RFC 6749 §5.1, TokenResponse) and the error
// body (§5.2, TokenEndpointError.errorCode); and the identity answer, which
// OAuthWireFormats decodes the same way.
//
// The input is a Content-Type value, a NUL byte, then the response body.

import Foundation

let requestedScope = "offline account.read asset.read"

func fuzz(_ input: [UInt8]) {
    let fields = parts(input, count: 2)
    let contentType = fields[0].isEmpty ? nil : text(fields[0])
    tokenResponse(fields[1], contentType: contentType)
    errorBody(fields[1])
    identity(fields[1])
}

/// The token response as FrameAuth sends it back out (`/api/users/{id}/token`
/// aside): the wire shape, every field present.
struct SentToken: Encodable {
    let access_token: String
    let token_type: String
    let expires_in: Int
    let refresh_token: String?
    let scope: String
    let id_token: String?
}

/// A response is refused as malformed without showing a token, or has a
/// non-empty access token, bearer type, positive lifetime, no empty refresh
/// token and a scope; and sent again, it decodes to itself.
func tokenResponse(_ body: [UInt8], contentType: String?) {
    let response: TokenResponse
    do {
        response = try TokenResponse.decode(body, contentType: contentType, requestedScope: requestedScope)
    } catch {
        guard case .malformed = error else {
            check(false, "a 200 answer refused as \(error)")
            return
        }
        let wire = OAuthWireFormats.decode(OAuthWireFormats.Token.self, from: body)
        for token in [wire?.access_token, wire?.refresh_token].compactMap({ $0 }) where token.count >= 8 {
            checkRefusalHidesToken(token, in: body, contentType: contentType)
        }
        return
    }
    check(contentType?.lowercased().hasPrefix("application/json") == true, "accepted content type \(contentType ?? "none")")
    check(!response.accessToken.isEmpty, "empty access token")
    check(response.tokenType == "bearer", "token type \(response.tokenType)")
    check(response.expiresIn > 0 && response.expiresIn <= TokenResponse.maxExpiresIn, "expires_in \(response.expiresIn)")
    check(response.refreshToken?.isEmpty != true, "empty refresh token")
    check(!response.scope.isEmpty, "empty scope")

    let sent = SentToken(
        access_token: response.accessToken, token_type: response.tokenType, expires_in: response.expiresIn,
        refresh_token: response.refreshToken, scope: response.scope, id_token: response.idToken)
    let again = try? TokenResponse.decode(
        encode(sent), contentType: "application/json; charset=utf-8", requestedScope: "not used: the scope is sent")
    check(again == response, "\(response) sent again decoded to \(String(describing: again))")
}

/// A refusal shows a token if its text follows the token's bytes. Seeing
/// the token in the text is not enough: a token can be a piece of the
/// refusal's own wording ("expires_i" in "has no expires_in"). So the
/// token's bytes in the body are replaced by a run of `Z` (or `Y`) as long,
/// which no wording holds, and the refusal of that body must not show it.
func checkRefusalHidesToken(_ token: String, in body: [UInt8], contentType: String?) {
    let original = Array(token.utf8)
    let replacement = original.map { $0 == UInt8(ascii: "Z") ? UInt8(ascii: "Y") : UInt8(ascii: "Z") }
    let marked = replacing(original, with: replacement, in: body)
    let standIn = text(replacement)
    guard marked != body, contentType?.contains(standIn) != true else { return }
    do {
        _ = try TokenResponse.decode(marked, contentType: contentType, requestedScope: requestedScope)
    } catch {
        check(!error.description.contains(standIn), "refusal \(error) shows a token")
    }
}

/// `body` with every occurrence of `pattern` replaced by `replacement`, which is as long.
func replacing(_ pattern: [UInt8], with replacement: [UInt8], in body: [UInt8]) -> [UInt8] {
    var out = body
    var index = 0
    while index + pattern.count <= out.count {
        if out[index..<(index + pattern.count)].elementsEqual(pattern) {
            out.replaceSubrange(index..<(index + pattern.count), with: replacement)
            index += pattern.count
        } else {
            index += 1
        }
    }
    return out
}

/// The error code is logged only as 1-64 of `a-z` and `_`, and is read the
/// same whatever text the `error` member holds.
func errorBody(_ body: [UInt8]) {
    if let code = TokenEndpointError.errorCode(in: body) {
        check((1...64).contains(code.utf8.count) && code.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) },
              "error code \(code.debugDescription) logged")
    }
    let member = text(body)
    let sent = encode(["error": member, "error_description": member])
    check(TokenEndpointError.errorCode(in: sent) == TokenEndpointError.safeCode(member),
          "error \(member.debugDescription) read as \(String(describing: TokenEndpointError.errorCode(in: sent)))")
}

struct SentIdentity: Encodable {
    let id: String?
    let email: String?
    let name: String?
}

/// Whatever identity decodes, sent again, decodes to the same identity.
func identity(_ body: [UInt8]) {
    guard let identity = OAuthWireFormats.decode(OAuthWireFormats.Identity.self, from: body) else { return }
    let again = OAuthWireFormats.decode(
        OAuthWireFormats.Identity.self, from: encode(SentIdentity(id: identity.id, email: identity.email, name: identity.name)))
    check(again?.id == identity.id && again?.email == identity.email && again?.name == identity.name,
          "identity \(identity) sent again decoded to \(String(describing: again))")
}

func encode(_ value: some Encodable) -> [UInt8] {
    do {
        return Array(try JSONEncoder().encode(value))
    } catch {
        check(false, "JSONEncoder refused \(value): \(error)")
        return []
    }
}
