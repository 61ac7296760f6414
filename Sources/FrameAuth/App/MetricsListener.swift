import HTTPServer

/// `/metrics` on its own port (CONTRACT §6), so the main port never serves
/// it. Bound before the main server starts, so a port that is taken stops
/// start-up cleanly; served once the main server exists, whose open
/// connections are one of the gauges.
struct MetricsListener {
    private let listener: HTTPServer.Listener
    private let requests: RequestCounter

    /// Binds `metrics_port` on the main host and counts every request
    /// `router` answers and every refusal of the main server; nil when
    /// metrics are off. Call once all routes are added: their patterns are
    /// the route labels.
    static func bind(
        _ configuration: Configuration, countingRequestsOf router: inout Router, server: inout HTTPServer.Configuration
    ) throws -> MetricsListener? {
        guard let port = configuration.metricsPort else { return nil }
        let listener: HTTPServer.Listener
        do { listener = try HTTPServer.Listener.bind(host: configuration.host, port: port) } catch {
            throw StartupError("metrics_port \(port) on \(configuration.host): \(error)")
        }
        let requests = RequestCounter(patterns: router.patterns)
        router.setObserver { pattern, statusCode in requests.record(pattern: pattern, statusCode: statusCode) }
        server.refusalObserver = { statusCode in requests.recordRefusal(statusCode: statusCode) }
        return MetricsListener(listener: listener, requests: requests)
    }

    /// Serves `/metrics`, and nothing else, on one loop: a scrape every few seconds needs no more.
    func start(
        oauth: OAuthMetrics, apiKeys: APIKeyMetrics?, store: any SessionStore, main: HTTPServer, environment: Application.Environment
    ) throws -> HTTPServer {
        var router = Router(log: environment.log)
        MetricsPage(requests: requests, oauth: oauth, apiKeys: apiKeys, store: store, openConnections: { main.openConnections })
            .register(in: &router)
        var configuration = HTTPServer.Configuration()
        configuration.loopCount = 1
        configuration.errorLog = environment.log
        configuration.accessLogSink = environment.accessLog
        return try HTTPServer(configuration: configuration, listener: listener, responder: router)
    }
}
