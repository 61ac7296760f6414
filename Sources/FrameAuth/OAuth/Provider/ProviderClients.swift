/// The two sets of workers calls to the provider run on. Sign-ins (code
/// exchange, id_token keys, identity) and the signed-in users' sessions
/// (refresh, revocation) each have their own, so a flood of sign-ins, forged
/// callbacks included, can take every sign-in worker without holding up the
/// refreshes integrators are waiting on.
struct ProviderClients: Sendable {
    let signIns: HTTPClient
    let sessions: HTTPClient

    init(configuration: HTTPClientConfiguration) {
        signIns = HTTPClient(configuration: configuration)
        sessions = HTTPClient(configuration: configuration)
    }
}
