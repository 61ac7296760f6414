@testable import HTTPServer

/// What a router wrote to its log, for tests that check what reaches it.
final class LogLines: Sendable {
    private let lines = Lock<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// An error no handler should throw: what the router answers with a bare
/// 500, keeping its contents (a secret, here) to the log.
struct Unexpected: Error { let secret = "db password hunter2" }

extension HTTPResponse {
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
