import Testing
@testable import HTTPServer

/// Routing in-process, without a socket.
@Suite struct RouterTests {
    private static func make(log: LogLines = LogLines()) -> Router {
        var router = Router(log: { log.append($0) })
        router.add(.get, "/users/{id}") { request in .text("user \(request.pathParameters["id"] ?? "-")") }
        router.add(.delete, "/users/{id}") { _ in HTTPResponse(status: .noContent) }
        router.add(.post, "/login") { _ in .text("posted") }
        router.add(.get, "/files/{name}/raw") { request in .text(request.pathParameters["name"] ?? "-") }
        router.add(.get, "/teapot") { _ in throw HTTPError(.conflict, message: "Already there", logDetail: "row 7 locked") }
        router.add(.get, "/boom") { _ in throw Unexpected() }
        router.add(.get, "/now/{n}") { request in .text("now \(request.pathParameters["n"] ?? "-")") }
        router.add(.get, "/refused") { _ in throw HTTPError(.conflict, message: "Not now", logDetail: "queue full") }
        router.add(.get, "/crash") { _ in throw Unexpected() }
        router.add(.get, "/later/{n}") { request in
            await Task.yield()
            return .text("later \(request.pathParameters["n"] ?? "-")")
        }
        return router
    }

    @Test func respond_capturesParameterSegment() async throws {
        let response = await Self.make().respond(to: try .make(.get, "/users/42"))
        #expect(response.status == .ok)
        #expect(response.bodyText == "user 42")
    }

    @Test func respond_capturesDecodedSegment_withEncodedSlashInside() async throws {
        let response = await Self.make().respond(to: try .make(.get, "/files/a%2Fb/raw"))
        #expect(response.bodyText == "a/b")
    }

    @Test func respond_readsEachParameterByName_andNoOtherName() async throws {
        var router = Router()
        router.add(.get, "/orgs/{org}/users/{user}") { request in
            let names = ["org", "user", "id", "orgs"].map { request.pathParameters[$0] ?? "-" }
            return .text(names.joined(separator: " "))
        }
        #expect(await router.respond(to: try .make(.get, "/orgs/o%2D1/users/u-2")).bodyText == "o-1 u-2 - -")
    }

    @Test func respond_answers404_forUnknownPath() async throws {
        #expect(await Self.make().respond(to: try .make(.get, "/nowhere")).status == .notFound)
        #expect(await Self.make().respond(to: try .make(.get, "/users/42/extra")).status == .notFound)
    }

    @Test func respond_answers404_whenAParameterWouldMatchAnEmptySegment() async throws {
        #expect(await Self.make().respond(to: try .make(.get, "/users/")).status == .notFound)
        // The parser refuses `/files//raw`; the router keeps its own rule for requests built otherwise.
        var emptyMiddle = try HTTPRequest.make(.get, "/files/x/raw")
        emptyMiddle.pathSegments = ["files", "", "raw"]
        #expect(await Self.make().respond(to: emptyMiddle).status == .notFound)
    }

    @Test func respond_answers405_withAllowListingEveryMethodAndHEAD() async throws {
        let response = await Self.make().respond(to: try .make(.put, "/users/42"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, DELETE, HEAD")
    }

    @Test func respond_answers405_withoutHEAD_whenThereIsNoGET() async throws {
        let response = await Self.make().respond(to: try .make(.get, "/login"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "POST")
    }

    @Test func respond_answersHEAD_withTheGETRoute() async throws {
        let response = await Self.make().respond(to: try .make(.head, "/users/7"))
        #expect(response.status == .ok)
        #expect(response.bodyText == "user 7")
    }

    @Test func respond_mapsHTTPError_toItsStatusAndMessage_andLogsTheDetail() async throws {
        let log = LogLines()
        let response = await Self.make(log: log).respond(to: try .make(.get, "/teapot"))
        #expect(response.status == .conflict)
        #expect(response.bodyText == "Already there\n")
        #expect(log.all.count == 1 && log.all[0].contains("row 7 locked"))
    }

    @Test func respond_answers500_forAnUnexpectedError_withTheDetailInTheLogOnly() async throws {
        let log = LogLines()
        let response = await Self.make(log: log).respond(to: try .make(.get, "/boom"))
        #expect(response.status == .internalServerError)
        #expect(response.bodyText == "Internal Server Error\n")
        #expect(!response.bodyText.contains("hunter2"))
        #expect(log.all.contains { $0.contains("hunter2") })
    }

    @Test func respond_usesTheFallback_forUnroutedGETAndHEADOnly() async throws {
        var router = Self.make()
        router.setFallback { request in .text("static \(request.path)") }
        #expect((await router.respond(to: try .make(.get, "/index.html"))).bodyText == "static /index.html")
        #expect(await router.respond(to: try .make(.head, "/index.html")).status == .ok)
        #expect(await router.respond(to: try .make(.post, "/index.html")).status == .notFound)
    }

    /// What an observer was told, in order.
    private final class Observations: Sendable {
        let seen = Lock<[Observation]>([])
        var all: [Observation] { seen.withLock { $0 } }
    }

    private struct Observation: Equatable {
        let pattern: String?
        let status: Int
    }

    private static func observed(_ requests: [HTTPRequest], fallback: Bool = false) async -> [Observation] {
        var router = make()
        if fallback { router.setFallback { _ in .text("static") } }
        let observations = Observations()
        let patterns = router.patterns
        router.setObserver { pattern, status in
            observations.seen.withLock { $0.append(Observation(pattern: pattern.map { patterns[$0] }, status: status)) }
        }
        for request in requests { _ = await router.respond(to: request) }
        return observations.all
    }

    @Test func patterns_listEachRegisteredPatternOnce_inOrder() {
        #expect(Self.make().patterns == [
            "/users/{id}", "/login", "/files/{name}/raw", "/teapot", "/boom", "/now/{n}", "/refused", "/crash", "/later/{n}",
        ])
    }

    @Test func respondAtOnce_answersImmediateRoutes_404sAnd405s_andLeavesTheRestToRespond() throws {
        var router = Self.make()
        router.setFallback { _ in .text("static") }

        let now = try #require(router.respondAtOnce(to: try .make(.get, "/now/7")))
        #expect(now.bodyText == "now 7")
        #expect(router.respondAtOnce(to: try .make(.head, "/now/7"))?.status == .ok)
        let wrongMethod = try #require(router.respondAtOnce(to: try .make(.put, "/now/7")))
        #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers["Allow"] == "GET, HEAD")
        #expect(router.respondAtOnce(to: try .make(.post, "/nowhere"))?.status == .notFound)
        #expect(router.respondAtOnce(to: try .make(.get, "/later/1")) == nil, "a suspending handler")
        #expect(router.respondAtOnce(to: try .make(.get, "/index.html")) == nil, "the fallback")
    }

    @Test func routeWithAFastHalf_isAnsweredAtOnce_orDeferredToItsSuspendingHandler() async throws {
        var router = Router()
        router.add(.get, "/token/{user}", atOnce: { request in
            request.pathParameters["user"] == "cached" ? .text("at once") : nil
        }, otherwise: { request in
            await Task.yield()
            return .text("later for \(request.pathParameters["user"] ?? "-")")
        })

        let cached = try #require(router.respondAtOnce(to: try .make(.get, "/token/cached")))
        #expect(cached.bodyText == "at once")
        #expect(router.respondAtOnce(to: try .make(.get, "/token/due")) == nil)
        #expect((await router.respond(to: try .make(.get, "/token/due"))).bodyText == "later for due")
        #expect(router.respondAtOnce(to: try .make(.post, "/token/cached"))?.status == .methodNotAllowed)
    }

    @Test func respondAtOnce_rendersThrownErrors_asRespondDoes() throws {
        let log = LogLines()
        let router = Self.make(log: log)

        let refused = try #require(router.respondAtOnce(to: try .make(.get, "/refused")))
        #expect(refused.status == .conflict && refused.bodyText == "Not now\n")
        let crashed = try #require(router.respondAtOnce(to: try .make(.get, "/crash")))
        #expect(crashed.status == .internalServerError && !crashed.bodyText.contains("hunter2"))
        #expect(log.all.contains { $0.contains("/refused: 409: queue full") })
        #expect(log.all.contains { $0.contains("/crash: unhandled error") && $0.contains("hunter2") })
    }

    @Test func respond_runsBothKindsOfHandler() async throws {
        #expect((await Self.make().respond(to: try .make(.get, "/now/8"))).bodyText == "now 8")
        #expect((await Self.make().respond(to: try .make(.get, "/later/9"))).bodyText == "later 9")
    }

    @Test func observer_isToldOnce_forEachRequestAnsweredAtOnce() throws {
        var router = Self.make()
        let observations = Observations()
        let patterns = router.patterns
        router.setObserver { pattern, status in
            observations.seen.withLock { $0.append(Observation(pattern: pattern.map { patterns[$0] }, status: status)) }
        }
        for request in [try HTTPRequest.make(.get, "/now/1"), try .make(.put, "/now/1"), try .make(.get, "/nowhere"), try .make(.get, "/later/1")] {
            _ = router.respondAtOnce(to: request)
        }
        #expect(observations.all == [
            Observation(pattern: "/now/{n}", status: 200), Observation(pattern: "/now/{n}", status: 405),
            Observation(pattern: nil, status: 404),
        ])
    }

    @Test func observer_isToldThePattern_neverTheRawPath_andTheStatusSent() async throws {
        let seen = await Self.observed([
            try .make(.get, "/users/42"), try .make(.head, "/users/43"), try .make(.delete, "/users/44"),
            try .make(.get, "/files/a%2Fb/raw"), try .make(.get, "/teapot"), try .make(.get, "/boom"),
        ])
        #expect(seen == [
            Observation(pattern: "/users/{id}", status: 200), Observation(pattern: "/users/{id}", status: 200),
            Observation(pattern: "/users/{id}", status: 204), Observation(pattern: "/files/{name}/raw", status: 200),
            Observation(pattern: "/teapot", status: 409), Observation(pattern: "/boom", status: 500),
        ])
    }

    @Test func observer_isToldThePattern_forA405_andNoPattern_forTheFallbackAndUnknownPaths() async throws {
        let seen = await Self.observed([try .make(.put, "/users/42"), try .make(.get, "/index.html"), try .make(.post, "/nowhere")],
                                       fallback: true)
        #expect(seen == [
            Observation(pattern: "/users/{id}", status: 405), Observation(pattern: nil, status: 200), Observation(pattern: nil, status: 404),
        ])
    }

    @Test func pathPattern_parsesLiteralsAndParameters() {
        #expect(PathPattern.parse("/") == [])
        #expect(PathPattern.parse("/a/{id}/{}") == [.literal("a"), .parameter("id"), .literal("{}")])
    }
}
