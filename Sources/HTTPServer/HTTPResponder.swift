/// Turns a request into a response. Runs on the loop that owns the
/// connection: it must not block; blocking work goes to `BlockingWork`.
public protocol HTTPResponder: Sendable {
    /// The response, when it can be made at once without suspending: the
    /// connection then answers inline instead of starting a task for it.
    /// Nil (the default) sends the request to `respond(to:)`.
    func respondAtOnce(to request: HTTPRequest) -> HTTPResponse?

    /// Runs as a task on the loop that owns the connection.
    func respond(to request: HTTPRequest) async -> HTTPResponse
}

extension HTTPResponder {
    public func respondAtOnce(to request: HTTPRequest) -> HTTPResponse? { nil }
}
