/// Turns a request into a response. Runs as a task on the loop that owns the
/// connection: it must not block; blocking work goes to `BlockingWork`.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) async -> HTTPResponse
}
