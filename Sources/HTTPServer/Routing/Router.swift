/// Routes by method and path, with `{name}` segments captured into
/// `pathParameters`. Unknown path: 404; known path, other method: 405 with
/// `Allow`; HEAD is answered wherever GET is. Errors thrown by handlers
/// become responses here and nowhere else.
public struct Router: HTTPResponder {
    public typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse
    /// A handler that never suspends: the connection runs it inline, with no
    /// task per request (cheaper for routes like `/login` and `/healthz`).
    /// `add` takes one whenever the closure has no `await`.
    public typealias ImmediateHandler = @Sendable (HTTPRequest) throws -> HTTPResponse
    /// The fast half of a route that can often answer at once (a token held
    /// in memory) but sometimes must wait (a refresh): nil hands the request
    /// to the route's suspending handler.
    public typealias ImmediateUnlessDeferred = @Sendable (HTTPRequest) throws -> HTTPResponse?
    /// Told of every answered request: the index in `patterns` of the path
    /// pattern it matched (nil: the fallback or no route) and the status code.
    /// Runs on the request path, so it must be cheap and must not block.
    public typealias Observer = @Sendable (_ pattern: Int?, _ statusCode: Int) -> Void

    /// A class, shared rather than copied: a request's route is read by
    /// every loop, and a copy of a struct took a reference count on each
    /// of its parts (pattern, positions, handlers), cache lines the loops
    /// then passed between them; the class's fields are constants, read
    /// in place.
    private final class Route: Sendable {
        enum Action: Sendable {
            case immediate(ImmediateHandler)
            case suspending(Handler)
            case immediateUnlessDeferred(ImmediateUnlessDeferred, otherwise: Handler)
        }

        let method: HTTPMethod
        let pattern: [PathPattern.Segment]
        let parameterPositions: [(name: String, segment: Int)]
        let patternIndex: Int
        let action: Action

        init(method: HTTPMethod, pattern: [PathPattern.Segment], parameterPositions: [(name: String, segment: Int)],
             patternIndex: Int, action: Action) {
            self.method = method
            self.pattern = pattern
            self.parameterPositions = parameterPositions
            self.patternIndex = patternIndex
            self.action = action
        }
    }

    /// What a request's method and path select.
    private enum Match {
        case route(Route)
        /// The path is known, the method is not one of `allowed`.
        case wrongMethod(allowed: [HTTPMethod], patternIndex: Int)
        case fallback(Handler)
        case notFound

        /// The pattern told to the observer: the route's, or for a 405 the first the path matched.
        var patternIndex: Int? {
            switch self {
            case .route(let route): route.patternIndex
            case .wrongMethod(_, let index): index
            case .fallback, .notFound: nil
            }
        }
    }

    /// Routes by their number of path segments, each list in the order
    /// added. A path is tried only against patterns of its own length (no
    /// other can match it): a request no longer copies every route before
    /// its own out of one list.
    private var routesBySegmentCount: [[Route]] = []
    private var fallback: Handler?
    private var observer: Observer?
    /// Each distinct path pattern once, as registered (`/api/users/{id}/token`),
    /// in the order first added: a bounded set of names for whoever observes.
    public private(set) var patterns: [String] = []
    /// Renders errors (and 404, 405, 500) on paths no group claims.
    private let renderErrors: ErrorRenderer
    /// Route groups with a renderer of their own, by their leading path
    /// segments (decoded, as routes match: `/%61pi` is under `/api`).
    private var groupRenderers: [(segments: [String], render: ErrorRenderer)] = []
    private let log: @Sendable (String) -> Void

    public init(renderErrors: @escaping ErrorRenderer = Router.plainTextError,
                log: @escaping @Sendable (String) -> Void = StandardStreams.writeErrorLine) {
        self.renderErrors = renderErrors
        self.log = log
    }

    /// Errors on `path` and beneath it are rendered by `renderer` (an API's
    /// JSON, say) rather than the router's own; the first group that claims
    /// a path renders for it.
    public mutating func renderErrors(under path: String, with renderer: @escaping ErrorRenderer) {
        groupRenderers.append((path.split(separator: "/").map(String.init), renderer))
    }

    /// Adds a route; `path` like `/api/users/{id}/token`.
    public mutating func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping Handler) {
        add(method, path, .suspending(handler))
    }

    /// Adds a route whose handler never suspends; it runs inline on the loop.
    /// The compiler picks this overload for a closure without `await`.
    public mutating func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping ImmediateHandler) {
        add(method, path, .immediate(handler))
    }

    /// Adds a route answered inline by `atOnce` whenever it gives a response,
    /// and by `otherwise`, in a task, when it gives nil.
    public mutating func add(_ method: HTTPMethod, _ path: String, atOnce: @escaping ImmediateUnlessDeferred, otherwise: @escaping Handler) {
        add(method, path, .immediateUnlessDeferred(atOnce, otherwise: otherwise))
    }

    private mutating func add(_ method: HTTPMethod, _ path: String, _ action: Route.Action) {
        let index = patterns.firstIndex(of: path) ?? patterns.count
        if index == patterns.count { patterns.append(path) }
        let pattern = PathPattern.parse(path)
        while routesBySegmentCount.count <= pattern.count { routesBySegmentCount.append([]) }
        routesBySegmentCount[pattern.count].append(Route(
            method: method, pattern: pattern, parameterPositions: PathPattern.parameterPositions(pattern),
            patternIndex: index, action: action))
    }

    /// Answers GET/HEAD requests that match no route (static files).
    public mutating func setFallback(_ handler: @escaping Handler) {
        fallback = handler
    }

    /// Sets the observer told of every request this router answers.
    public mutating func setObserver(_ observer: @escaping Observer) {
        self.observer = observer
    }

    /// Answers routes whose handler never suspends or whose fast half has an
    /// answer, and 404s and 405s; nil for the rest (suspending handlers, fast
    /// halves that defer, and the fallback), which `respond(to:)` answers.
    public func respondAtOnce(to request: HTTPRequest) -> HTTPResponse? {
        let response: HTTPResponse
        let match = match(request)
        switch match {
        case .route(let route):
            do {
                switch route.action {
                case .immediate(let handler): response = try withRouted(request, route, handler)
                case .immediateUnlessDeferred(let atOnce, _):
                    guard let answer = try withRouted(request, route, atOnce) else { return nil }
                    response = answer
                case .suspending: return nil
                }
            } catch {
                response = render(error, for: request)
            }
        case .wrongMethod(let allowed, _):
            response = render(Self.methodNotAllowed(allowed), for: request)
        case .fallback:
            return nil
        case .notFound:
            response = render(HTTPError(.notFound), for: request)
        }
        observer?(match.patternIndex, response.status.code)
        return response
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let response: HTTPResponse
        let match = match(request)
        do {
            switch match {
            case .route(let route):
                switch route.action {
                case .immediate(let handler): response = try withRouted(request, route, handler)
                case .suspending(let handler), .immediateUnlessDeferred(_, otherwise: let handler):
                    response = try await handler(routed(request, route))
                }
            case .wrongMethod(let allowed, _):
                throw Self.methodNotAllowed(allowed)
            case .fallback(let handler):
                response = try await handler(request)
            case .notFound:
                throw HTTPError(.notFound)
            }
        } catch {
            response = render(error, for: request)
        }
        observer?(match.patternIndex, response.status.code)
        return response
    }

    private func match(_ request: HTTPRequest) -> Match {
        let lookupMethod = request.method == .head ? HTTPMethod.get : request.method
        var allowed: [HTTPMethod] = []
        var firstPatternIndex: Int?
        let segmentCount = request.pathSegments.count
        let routes = segmentCount < routesBySegmentCount.count ? routesBySegmentCount[segmentCount] : []
        // Read in place: a `for route in routes` took a reference to every route it passed.
        for index in routes.indices where PathPattern.matches(routes[index].pattern, request.pathSegments) {
            if routes[index].method == lookupMethod { return .route(routes[index]) }
            // A 405 is told under the first pattern the path matched.
            if firstPatternIndex == nil { firstPatternIndex = routes[index].patternIndex }
            allowed.append(routes[index].method)
        }
        if let firstPatternIndex { return .wrongMethod(allowed: allowed, patternIndex: firstPatternIndex) }
        if let fallback, lookupMethod == .get { return .fallback(fallback) }
        return .notFound
    }

    /// Calls `body` with the request as `route` sees it. A route without
    /// `{name}` segments (`/login`, `/healthz`) gets the request as it
    /// came: the copy `routed` makes would retain each of its fields again.
    private func withRouted<Result>(_ request: HTTPRequest, _ route: Route, _ body: (HTTPRequest) throws -> Result) rethrows -> Result {
        route.parameterPositions.isEmpty ? try body(request) : try body(routed(request, route))
    }

    private func routed(_ request: HTTPRequest, _ route: Route) -> HTTPRequest {
        var routed = request
        routed.pathParameters = PathParameters(positions: route.parameterPositions, segments: request.pathSegments)
        return routed
    }

    private static func methodNotAllowed(_ allowed: [HTTPMethod]) -> HTTPError {
        let methods = allowed.contains(.get) ? allowed + [.head] : allowed
        return HTTPError(.methodNotAllowed, headers: HTTPHeaders([("Allow", methods.map(\.rawValue).joined(separator: ", "))]))
    }

    /// Errors thrown by handlers become responses here and nowhere else.
    private func render(_ thrown: any Error, for request: HTTPRequest) -> HTTPResponse {
        let error: any PublicError
        if let known = thrown as? any PublicError {
            error = known
            if let detail = error.logDetail { log("\(request.method) \(request.path): \(error.status.code): \(detail)") }
        } else {
            // Anything unexpected: a bare 500; the detail goes to the log only.
            log("\(request.method) \(request.path): unhandled error: \(thrown)")
            error = HTTPError(.internalServerError)
        }
        var response = renderer(for: request.pathSegments)(error, request)
        for field in error.headers { response.headers.set(field.name, field.value) }
        return response
    }

    private func renderer(for segments: [String]) -> ErrorRenderer {
        groupRenderers.first { segments.starts(with: $0.segments) }?.render ?? renderErrors
    }

    @Sendable public static func plainTextError(_ error: any PublicError, _ request: HTTPRequest) -> HTTPResponse {
        .text(error.message + "\n", status: error.status)
    }
}
