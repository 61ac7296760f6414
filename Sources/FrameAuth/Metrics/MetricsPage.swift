import HTTPServer

/// `GET /metrics` (CONTRACT §6): what was counted, and two gauges read at
/// scrape time. Served only on `metrics_port`, never on the main port.
struct MetricsPage: Sendable {
    let requests: RequestCounter
    let oauth: OAuthMetrics
    /// Absent when the integrator API is off.
    let apiKeys: APIKeyMetrics?
    let store: any SessionStore
    let openConnections: @Sendable () -> Int

    func register(in router: inout Router) {
        router.add(.get, RoutePaths.metrics) { _ in
            HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", PrometheusText.contentType)]),
                         body: Array(await render().utf8))
        }
    }

    func render() async -> String {
        var page = PrometheusText()
        requests.render(into: &page)
        oauth.render(into: &page)
        apiKeys?.render(into: &page)
        page.family("frameauth_live_sessions", .gauge, help: "Users with a session in the store (their tokens are held).")
        // A store out of reach has no count to give; the family then has no
        // sample rather than a made-up one.
        if let users = try? await store.userCount() { page.sample("frameauth_live_sessions", String(users)) }
        page.family("frameauth_records_sealed_with_previous_keys", .gauge,
                    help: "Stored records that still need a key in previous_encryption_keys; at 0 those keys can be removed.")
        if let count = try? await store.recordsSealedWithPreviousKeys() {
            page.sample("frameauth_records_sealed_with_previous_keys", String(count))
        }
        page.family("frameauth_open_connections", .gauge, help: "Client connections open on the main port.")
        page.sample("frameauth_open_connections", String(openConnections()))
        return page.text
    }
}
