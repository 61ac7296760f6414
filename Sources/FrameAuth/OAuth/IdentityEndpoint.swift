/// Who the signed-in user is: `GET /v2/me` with the new access token.
struct IdentityEndpoint: Sendable {
    let url: String
    let client: HTTPClient

    func fetch(accessToken: String) async throws(TokenEndpointError) -> UserProfile {
        let response: HTTPClientResponse
        do {
            response = try await client.bearerGet(url: url, token: accessToken)
        } catch {
            throw .unavailable("identity call failed: \(error.description)")
        }
        guard response.status == 200 else {
            throw response.status >= 500 ? .unavailable("identity call: HTTP \(response.status)") : .rejected(status: response.status, oauthError: nil)
        }
        guard let identity = OAuthWireFormats.decode(OAuthWireFormats.Identity.self, from: response.body) else {
            throw .malformed("identity response is not a JSON object")
        }
        guard let id = identity.id, !id.isEmpty, id.utf8.count <= 256 else { throw .malformed("identity response has no id") }
        return UserProfile(id: id, email: identity.email, name: identity.name)
    }
}
