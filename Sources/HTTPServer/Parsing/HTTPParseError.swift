/// Why a request could not be accepted. Each maps to the status the client
/// is told before the connection closes; `reason` is for the log and never
/// echoes the request's bytes.
public struct HTTPParseError: Error, Sendable, Equatable {
    public let status: Int
    public let reason: String

    static func badRequest(_ reason: String) -> HTTPParseError { .init(status: 400, reason: reason) }
    static let uriTooLong = HTTPParseError(status: 414, reason: "request line too long")
    static let headersTooLarge = HTTPParseError(status: 431, reason: "header section too large")
    static let tooManyHeaders = HTTPParseError(status: 431, reason: "too many header fields")
    static let bodyTooLarge = HTTPParseError(status: 413, reason: "body too large")
    static let requestPastInputBuffer = HTTPParseError(status: 413, reason: "request larger than the input buffer")
    static let unsupportedTransferCoding = HTTPParseError(status: 501, reason: "transfer coding not implemented")
    static let unsupportedVersion = HTTPParseError(status: 505, reason: "HTTP version not supported")
}
