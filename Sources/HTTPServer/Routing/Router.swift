/// Routes by method and path, with `{name}` segments captured into
/// `pathParameters`. Unknown path: 404; known path, other method: 405 with
/// `Allow`; HEAD is answered wherever GET is. Errors thrown by handlers
/// become responses here and nowhere else.
public struct Router: HTTPResponder {
    public typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse
    /// Told of every answered request: the index in `patterns` of the path
    /// pattern it matched (nil: the fallback or no route) and the status code.
    /// Runs on the request path, so it must be cheap and must not block.
    public typealias Observer = @Sendable (_ pattern: Int?, _ statusCode: Int) -> Void

    private struct Route: Sendable {
        let method: HTTPMethod
        let pattern: [PathPattern.Segment]
        let patternIndex: Int
        let handler: Handler
    }

    private var routes: [Route] = []
    private var fallback: Handler?
    private var observer: Observer?
    /// Each distinct path pattern once, as registered (`/api/users/{id}/token`),
    /// in the order first added: a bounded set of names for whoever observes.
    public private(set) var patterns: [String] = []
    /// Renders an `HTTPError` (and 404/405) for the client.
    private let renderError: @Sendable (HTTPError, HTTPRequest) -> HTTPResponse
    private let log: @Sendable (String) -> Void

    public init(
        renderError: @escaping @Sendable (HTTPError, HTTPRequest) -> HTTPResponse = Router.plainTextError,
        log: @escaping @Sendable (String) -> Void = { StandardStreams.writeToStandardError(Array(($0 + "\n").utf8)) }
    ) {
        self.renderError = renderError
        self.log = log
    }

    /// Adds a route; `path` like `/api/users/{id}/token`.
    public mutating func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping Handler) {
        let index = patterns.firstIndex(of: path) ?? patterns.count
        if index == patterns.count { patterns.append(path) }
        routes.append(Route(method: method, pattern: PathPattern.parse(path), patternIndex: index, handler: handler))
    }

    /// Answers GET/HEAD requests that match no route (static files).
    public mutating func setFallback(_ handler: @escaping Handler) {
        fallback = handler
    }

    /// Sets the observer told of every request this router answers.
    public mutating func setObserver(_ observer: @escaping Observer) {
        self.observer = observer
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        var matchedPattern: Int?
        let response = await answer(request, matchedPattern: &matchedPattern)
        observer?(matchedPattern, response.status.code)
        return response
    }

    private func answer(_ request: HTTPRequest, matchedPattern: inout Int?) async -> HTTPResponse {
        do {
            return try await dispatch(request, matchedPattern: &matchedPattern)
        } catch let error as HTTPError {
            if let detail = error.logDetail { log("\(request.method) \(request.path): \(error.status.code): \(detail)") }
            var response = renderError(error, request)
            for field in error.headers { response.headers.set(field.name, field.value) }
            return response
        } catch {
            // Anything unexpected: a bare 500; the detail goes to the log only.
            log("\(request.method) \(request.path): unhandled error: \(error)")
            return renderError(HTTPError(.internalServerError), request)
        }
    }

    private func dispatch(_ request: HTTPRequest, matchedPattern: inout Int?) async throws -> HTTPResponse {
        let lookupMethod = request.method == .head ? HTTPMethod.get : request.method
        var allowed: [HTTPMethod] = []
        for route in routes {
            guard let parameters = PathPattern.match(route.pattern, request.pathSegments) else { continue }
            if route.method == lookupMethod {
                matchedPattern = route.patternIndex
                var routed = request
                routed.pathParameters = parameters
                return try await route.handler(routed)
            }
            // A 405 is told under the first pattern the path matched.
            if matchedPattern == nil { matchedPattern = route.patternIndex }
            allowed.append(route.method)
        }
        if !allowed.isEmpty {
            if allowed.contains(.get) { allowed.append(.head) }
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(.methodNotAllowed, headers: HTTPHeaders([("Allow", allow)]))
        }
        if let fallback, lookupMethod == .get {
            return try await fallback(request)
        }
        throw HTTPError(.notFound)
    }

    @Sendable public static func plainTextError(_ error: HTTPError, _ request: HTTPRequest) -> HTTPResponse {
        .text(error.message + "\n", status: error.status)
    }
}
