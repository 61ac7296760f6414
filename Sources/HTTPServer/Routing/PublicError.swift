/// An error that knows how it is answered: its status, what the client may
/// read of it, and what only the log may. Handlers throw these; the router
/// turns them into responses in one place, with the renderer of the route
/// group the request belongs to (HTML pages for a browser, JSON for an API).
public protocol PublicError: Error, Sendable {
    var status: HTTPStatus { get }
    /// A short name for machines, as JSON answers carry it (`unknown_user`).
    var code: String { get }
    /// A heading and a sentence for people. Both reach the client: never a
    /// secret, token, code or `state`.
    var title: String { get }
    var message: String { get }
    /// Fields the answer carries whoever renders it (`Allow`,
    /// `WWW-Authenticate`, `Cache-Control`).
    var headers: HTTPHeaders { get }
    /// What only the log gets; nil when the status says it all.
    var logDetail: String? { get }
}

extension PublicError {
    /// The reason phrase in snake case: `not_found`, `method_not_allowed`.
    public var code: String { String(status.reason.lowercased().map { $0 == " " ? "_" : $0 }) }
    public var title: String { status.reason }
    public var message: String { status.reason }
    public var headers: HTTPHeaders { HTTPHeaders() }
    public var logDetail: String? { nil }
}

/// Renders a `PublicError` for the client; the router adds the error's own
/// header fields and logs its detail.
public typealias ErrorRenderer = @Sendable (any PublicError, HTTPRequest) -> HTTPResponse
