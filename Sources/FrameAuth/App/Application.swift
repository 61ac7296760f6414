import FoundationEssentials
import HTTPServer

/// The running FrameAuth: its HTTP server and what stands behind the routes.
public final class Application: Sendable {
    public let server: HTTPServer
    /// Serves `/metrics` on `metrics_port`; nil when that is not set.
    public let metricsServer: HTTPServer?
    private let store: any SessionStore

    private init(server: HTTPServer, metricsServer: HTTPServer?, store: any SessionStore) {
        self.server = server
        self.metricsServer = metricsServer
        self.store = store
    }

    /// What the process provides and tests replace: where logs go, the
    /// clock, and the outbound client's limits.
    public struct Environment: Sendable {
        public var log: @Sendable (String) -> Void = AppLog.write
        public var accessLog: (@Sendable ([UInt8]) -> Void)? = StandardStreams.writeToStandardOutput
        public var now: @Sendable () -> Date = Date.init
        public var httpClient = HTTPClientConfiguration()
        public init() {}
    }

    /// Binds, opens the store, and starts serving `configuration`; with no
    /// client id, against the built-in Frame.io stand-in (demo mode).
    public static func start(_ configuration: Configuration, environment: Environment = Environment()) throws -> Application {
        let log = environment.log
        let files: StaticFiles
        // Templates are rendered by the routes, never served as files.
        do { files = try StaticFiles(root: configuration.publicDir, refusing: ["templates"]) } catch {
            throw StartupError("public_dir \(configuration.publicDir) is not a readable folder; set FRAMEAUTH_PUBLIC_DIR to FrameAuth's Public folder")
        }
        let pages = try Pages(publicDirectory: configuration.publicDir, demo: configuration.isDemo)
        let listener = try HTTPServer.Listener.bind(host: configuration.host, port: configuration.port)

        var router = Router(renderErrors: pages.error, log: log)
        router.add(.get, RoutePaths.healthz) { _ in .text("ok\n") }
        router.setFallback { request in try await files.serve(request) }

        let oauthMetrics = OAuthMetrics()
        let settings: OAuthSettings
        let dataDir: String
        if configuration.isDemo {
            settings = DemoMode.oauthSettings(configuration, boundPort: listener.port)
            try DataDirectory.prepare(configuration.dataDir, log: log)
            dataDir = DemoMode.dataDirectory(inside: configuration.dataDir)
            let openID = settings.issuer.isEmpty ? nil : DemoAuthority.OpenID(issuer: settings.issuer, signingKey: try DemoSigningKey())
            let authority = DemoAuthority(redirectURI: settings.redirectURI, openID: openID, now: environment.now)
            try DemoRoutes(authority: authority, provider: settings.provider,
                           pages: DemoPages(pages: pages, publicDirectory: configuration.publicDir))
                .register(in: &router)
        } else {
            settings = OAuthSettings(configuration, boundPort: listener.port)
            dataDir = configuration.dataDir
        }
        let opened = try StoreOpening(configuration, dataDir: dataDir, environment: environment)
        let store = opened.sessions
        var lifetimes = TokenLifetimes()
        lifetimes.refreshSkew = TimeInterval(configuration.refreshSkewSeconds)
        lifetimes.refreshToken = TimeInterval(configuration.refreshTokenLifetimeDays) * 86_400
        let provider = Provider(settings: settings, clients: ProviderClients(configuration: environment.httpClient),
                                metrics: oauthMetrics, log: log)
        let bindings = BrowserBindings(keys: opened.keys, now: environment.now)
        let flow = SignInFlow(provider: provider, bindings: bindings, store: store, lifetimes: lifetimes,
                              pending: opened.pendingSignIns, now: environment.now)
        let tokens = TokenService(store: store, leases: opened.refreshLeases, provider: provider, lifetimes: lifetimes,
                                  now: environment.now, metrics: oauthMetrics, log: log)
        BrowserRoutes(flow: flow, tokens: tokens, store: store, pages: pages, cookies: BrowserCookies(secure: settings.usesHTTPS, bindings: bindings),
                      metrics: oauthMetrics, log: log)
            .register(in: &router)
        let keyMetrics = configuration.apiKeys.isEmpty ? nil : APIKeyMetrics(keyCount: configuration.apiKeys.count)
        if let keyMetrics {
            IntegratorRoutes(apiKeys: APIKeys(configuration.apiKeys), keyMetrics: keyMetrics, store: store, tokens: tokens,
                             now: environment.now, log: log)
                .register(in: &router)
        }
        ReadinessRoute(store: store).register(in: &router)

        var serverConfiguration = HTTPServer.Configuration()
        serverConfiguration.errorLog = log
        serverConfiguration.accessLogSink = environment.accessLog
        serverConfiguration.trustedProxies = TrustedProxies(configuration.trustedProxies)
        let metrics = try MetricsListener.bind(configuration, countingRequestsOf: &router, server: &serverConfiguration)
        let server = try HTTPServer(configuration: serverConfiguration, listener: listener, responder: router)
        let metricsServer = try metrics?.start(oauth: oauthMetrics, apiKeys: keyMetrics, store: store, main: server, environment: environment)
        let host = configuration.hostInURL
        log("listening on http://\(host):\(server.port) (\(configuration.provider.rawValue), \(configuration.appKind.description))")
        if configuration.isDemo { log("demo mode: open http://\(host):\(server.port)/ and sign in with any email; set CLIENT_ID to use Frame.io") }
        if let metricsServer { log("metrics on http://\(host):\(metricsServer.port)/metrics") }
        return Application(server: server, metricsServer: metricsServer, store: store)
    }

    /// Stops accepting, finishes what is in flight, and closes the store.
    public func stop() async {
        await server.shutdown()
        await metricsServer?.shutdown()
        await store.close()
    }
}
