/// FrameAuth's own paths, declared once: the routes are registered under
/// them, and the redirect URI's path, which becomes the callback route,
/// may not take one of them (`RedirectURIRules`), so the two lists can
/// never drift apart. `--check-config` reads them before any route exists.
enum RoutePaths {
    static let landing = "/"
    static let login = "/login"
    static let logout = "/logout"
    static let disconnect = "/disconnect"
    static let session = "/session"
    static let healthz = "/healthz"
    static let readyz = "/readyz"
    static let metrics = "/metrics"
    /// The integrator API: everything beneath it.
    static let api = "/api"
    /// The demo's stand-in for Frame.io: everything beneath it.
    static let demo = "/_demo"

    /// Paths that are routes themselves.
    static let exact: Set<String> = [landing, login, logout, disconnect, session, healthz, readyz, metrics]
    /// Paths with routes beneath them.
    static let prefixes = [api, demo]
}
