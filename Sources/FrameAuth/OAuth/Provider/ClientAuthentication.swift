/// How FrameAuth tells the provider which app it is, the same at the token
/// and the revocation endpoint (CONTRACT §1, §7; RFC 7009 §2.1):
/// - confidential: `Authorization: Basic` (RFC 6749 §2.3.1), never the secret in the body;
/// - public (PKCE): no Authorization header, `client_id` in the body (RFC 6749 §3.2.1).
struct ClientAuthentication: Sendable {
    let clientID: String
    let clientSecret: String?

    /// The Basic credentials to send, after adding to `form` what the body must carry.
    func authenticate(_ form: inout [(String, String)]) -> (user: String, password: String)? {
        guard let clientSecret else {
            form.append(("client_id", clientID))
            return nil
        }
        return (clientID, clientSecret)
    }
}
