import Testing
@testable import HTTPServer

/// Errors become responses in the router, and only there: with the renderer
/// of the route group the path belongs to, the error's own header fields,
/// and its detail in the log alone.
@Suite struct RouterErrorRenderingTests {
    private struct Overdrawn: PublicError {
        var status: HTTPStatus { .conflict }
        var code: String { "overdrawn" }
        var message: String { "The account is overdrawn." }
        var headers: HTTPHeaders { HTTPHeaders([("Retry-After", "60")]) }
        var logDetail: String? { "balance -12 on account 7" }
    }

    @Sendable private static func asJSON(_ error: any PublicError, _ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: error.status, headers: HTTPHeaders([("Content-Type", "application/json")]),
                     body: Array(#"{"error":"\#(error.code)"}"#.utf8))
    }

    private static func make(log: LogLines = LogLines()) -> Router {
        var router = Router(log: { log.append($0) })
        router.add(.get, "/api/accounts/{id}") { _ in throw Overdrawn() }
        router.add(.get, "/api/crash") { _ in throw Unexpected() }
        router.add(.get, "/apiary") { _ in throw Overdrawn() }
        router.add(.get, "/page") { _ in throw Overdrawn() }
        router.renderErrors(under: "/api", with: asJSON)
        return router
    }

    @Test func anErrorOnAGroupsPath_isRenderedByTheGroup_withTheErrorsOwnFields() async throws {
        let response = await Self.make().respond(to: try .make(.get, "/api/accounts/7"))
        #expect(response.status == .conflict)
        #expect(response.bodyText == #"{"error":"overdrawn"}"#)
        #expect(response.headers["Retry-After"] == "60")
    }

    @Test func elsewhere_theRoutersOwnRendererAnswers_evenOnAPathThatOnlyStartsLikeTheGroup() async throws {
        for path in ["/page", "/apiary"] {
            let response = await Self.make().respond(to: try .make(.get, path))
            #expect(response.bodyText == "The account is overdrawn.\n")
            #expect(response.headers["Retry-After"] == "60")
        }
    }

    @Test func notFoundAndWrongMethod_inTheGroup_areTheGroupsToRender() async throws {
        let router = Self.make()
        let missing = await router.respond(to: try .make(.get, "/api/nothing"))
        #expect(missing.status == .notFound && missing.bodyText == #"{"error":"not_found"}"#)
        let wrongMethod = router.respondAtOnce(to: try .make(.post, "/api/accounts/7"))
        #expect(wrongMethod?.status == .methodNotAllowed && wrongMethod!.bodyText == #"{"error":"method_not_allowed"}"#)
        #expect(wrongMethod?.headers["Allow"] == "GET, HEAD")
    }

    /// The group is chosen as routes are matched, on decoded segments.
    @Test func aPercentEncodedPathInTheGroup_isTheGroupsToRender() async throws {
        let response = await Self.make().respond(to: try .make(.get, "/%61pi/accounts/7"))
        #expect(response.bodyText == #"{"error":"overdrawn"}"#)
    }

    @Test func theDetail_goesToTheLogOnly_andAnUnexpectedError_isABare500() async throws {
        let log = LogLines()
        let router = Self.make(log: log)
        let overdrawn = await router.respond(to: try .make(.get, "/api/accounts/7"))
        let crash = await router.respond(to: try .make(.get, "/api/crash"))
        #expect(!overdrawn.bodyText.contains("balance"))
        #expect(crash.status == .internalServerError && crash.bodyText == #"{"error":"internal_server_error"}"#)
        #expect(!crash.bodyText.contains("hunter2"))
        #expect(log.all.count == 2)
        #expect(log.all.first == "GET /api/accounts/7: 409: balance -12 on account 7")
    }
}
