/// An error a handler throws to answer with a status and a message of its
/// own, where no error type of the application's fits (a 404, a refused
/// form). `message` is shown to the client, so it must never hold a secret;
/// `logDetail` goes to the log only.
public struct HTTPError: PublicError {
    public let status: HTTPStatus
    public let message: String
    public let logDetail: String?
    public let headers: HTTPHeaders

    public init(_ status: HTTPStatus, message: String? = nil, logDetail: String? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.message = message ?? status.reason
        self.logDetail = logDetail
        self.headers = headers
    }
}
