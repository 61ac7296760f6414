/// Who the signed-in user is: the provider's identity call (`/v4/me` or
/// `/v2/me`) with the new access token.
struct IdentityEndpoint: Sendable {
    let url: String
    let format: IdentityFormat
    let client: HTTPClient

    func fetch(accessToken: String) async throws(TokenEndpointError) -> UserProfile {
        let response = try await TokenEndpointError.call { () async throws(HTTPClientError) in try await client.bearerGet(url: url, token: accessToken) }
        guard let identity = format.decode(response.body) else {
            throw .malformed("identity response is not a JSON object of the expected shape")
        }
        guard let id = identity.id, !id.isEmpty, id.utf8.count <= 256 else { throw .malformed("identity response has no id") }
        return UserProfile(id: id, email: identity.email, name: identity.name)
    }
}

extension ProviderKind {
    /// How the identity call's answer is shaped.
    var identityFormat: IdentityFormat {
        switch self {
        case .v4: .v4Data
        case .legacy: .legacyTopLevel
        }
    }
}
