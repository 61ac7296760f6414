import HTTPServer

/// `GET /readyz` (CONTRACT §6): 200 while the session store is loaded and can
/// persist changes, else 503, so a load balancer stops sending sign-ins that
/// could not be saved. Short plain text that names no path.
struct ReadinessRoute: Sendable {
    let store: any SessionStore

    func register(in router: inout Router) {
        router.add(.get, RoutePaths.readyz) { _ in await answer() }
    }

    func answer() async -> HTTPResponse {
        return await store.isWritable()
            ? .text("ready\n")
            : .text("not ready: the session store cannot write to \(store.location)\n", status: .serviceUnavailable)
    }
}
