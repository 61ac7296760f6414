import Testing
@testable import HTTPServer

/// Small limits, so every limit is a few bytes away in a test.
extension ServerLimits {
    static func make(
        requestLine: Int = 256, headerBytes: Int = 1024, headerCount: Int = 16, body: Int = 1024
    ) -> ServerLimits {
        var limits = ServerLimits()
        limits.maxRequestLineBytes = requestLine
        limits.maxHeaderBytes = headerBytes
        limits.maxHeaderCount = headerCount
        limits.maxBodyBytes = body
        return limits
    }
}

extension RequestParser {
    static func make(limits: ServerLimits = .make()) -> RequestParser {
        RequestParser(limits: limits)
    }
}

/// What one parse call answered, in a form `#expect` can compare.
enum Parsed: Equatable, CustomStringConvertible {
    case needMore
    case request(consumed: Int)
    case failure(status: Int)

    init(_ result: ParseResult) {
        switch result {
        case .needMore: self = .needMore
        case .request(_, let consumed): self = .request(consumed: consumed)
        case .failure(let error): self = .failure(status: error.status)
        }
    }

    var description: String {
        switch self {
        case .needMore: "needMore"
        case .request(let consumed): "request(consumed: \(consumed))"
        case .failure(let status): "failure(\(status))"
        }
    }
}

/// Parses `text` (UTF-8) in a single call with a fresh parser.
func parse(_ text: String, limits: ServerLimits = .make()) -> ParseResult {
    parse(bytes: Array(text.utf8), limits: limits)
}

func parse(bytes: [UInt8], limits: ServerLimits = .make()) -> ParseResult {
    var parser = RequestParser.make(limits: limits)
    return parser.parse(bytes)
}

/// The request `text` parses to, or a recorded issue.
func parsedRequest(_ text: String, limits: ServerLimits = .make(),
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> HTTPRequest {
    let result = parse(text, limits: limits)
    guard case .request(let request, _) = result else {
        Issue.record("expected a request, got \(Parsed(result))", sourceLocation: sourceLocation)
        throw ParseExpectation.notARequest
    }
    return request
}

enum ParseExpectation: Error { case notARequest }

/// A request head for `Host: example.com` with `extra` header lines appended.
func head(_ requestLine: String = "GET / HTTP/1.1", _ extra: String...) -> String {
    ([requestLine, "Host: example.com"] + extra).map { $0 + "\r\n" }.joined() + "\r\n"
}

extension HTTPRequest {
    /// A request as the parser would produce it for `method target`.
    static func make(_ method: HTTPMethod = .get, _ target: String = "/") throws -> HTTPRequest {
        try parsedRequest(head("\(method) \(target) HTTP/1.1"))
    }
}
