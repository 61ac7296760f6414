import HTTPServer

/// `frameauth_http_requests_total`, by route and status code.
///
/// The route label is the router's registered pattern (`/api/users/{id}/token`),
/// never the requested path, so no id reaches a label and the series stay
/// bounded. A slot for every (route, status code) is made up front: counting a
/// request is an index under one short lock, with nothing allocated on the
/// request path.
final class RequestCounter: Sendable {
    static let name = "frameauth_http_requests_total"
    /// Static files and paths that no route matches.
    static let otherRoute = "other"
    /// Answered by the server before any route: malformed, too large or too
    /// slow requests, and connections turned away at the cap.
    static let refusedRoute = "refused"
    /// Every status code HTTP has room for (RFC 9110 §15: three digits, 1xx–5xx).
    private static let statusCodes = 100...599

    /// Patterns, then `other`, then `refused`, each escaped once.
    private let routeLabels: [String]
    private let counts: Lock<[UInt64]>
    private var otherSlot: Int { routeLabels.count - 2 }
    private var refusedSlot: Int { routeLabels.count - 1 }

    /// `patterns` as `Router.patterns` lists them: a request's pattern index
    /// is its slot.
    init(patterns: [String]) {
        routeLabels = (patterns + [Self.otherRoute, Self.refusedRoute]).map(PrometheusText.escapedLabelValue)
        counts = Lock([UInt64](repeating: 0, count: routeLabels.count * Self.statusCodes.count))
    }

    /// A request the router answered; `pattern` indexes `Router.patterns`
    /// (nil: the fallback or no route).
    func record(pattern: Int?, statusCode: Int) {
        let slot = pattern.map { $0 < otherSlot ? $0 : otherSlot } ?? otherSlot
        count(slot: slot, statusCode: statusCode)
    }

    /// An answer the server gave without the router.
    func recordRefusal(statusCode: Int) {
        count(slot: refusedSlot, statusCode: statusCode)
    }

    private func count(slot: Int, statusCode: Int) {
        guard Self.statusCodes.contains(statusCode) else { return }
        let index = slot * Self.statusCodes.count + statusCode - Self.statusCodes.lowerBound
        counts.withLock { $0[index] &+= 1 }
    }

    /// Only the (route, status) pairs seen so far: statuses are not known in advance.
    func render(into page: inout PrometheusText) {
        let snapshot = counts.withLock { $0 }
        page.family(Self.name, .counter, help: "HTTP requests answered on the main port, by route pattern and status code.")
        for (index, count) in snapshot.enumerated() where count > 0 {
            let (slot, code) = index.quotientAndRemainder(dividingBy: Self.statusCodes.count)
            page.sample(Self.name, labels: "{route=\"\(routeLabels[slot])\",status=\"\(code + Self.statusCodes.lowerBound)\"}", String(count))
        }
    }
}
