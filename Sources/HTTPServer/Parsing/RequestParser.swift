/// Parses HTTP/1.1 and HTTP/1.0 requests (RFC 9112) from a byte buffer.
///
/// A value with no I/O: the connection feeds it the buffer that starts at
/// the current request, again each time more bytes arrive, and the parser
/// remembers how far it got so a client trickling bytes never makes it
/// rescan (no quadratic work). After `.request` or `.failure` it starts over
/// for the next request.
public struct RequestParser: Sendable {
    public let limits: ServerLimits
    private var state: State = .head(HeadScanner())

    private enum State: Sendable {
        case head(HeadScanner)
        case fixedBody(RequestHead, bodyStart: Int, length: Int)
        case chunkedBody(RequestHead, ChunkedBodyDecoder)
    }

    public init(limits: ServerLimits) {
        self.limits = limits
    }

    /// True while the head is complete and the body is still arriving.
    public var isReadingBody: Bool {
        if case .head = state { return false }
        return true
    }

    /// True when the client asked for `100 Continue` before sending the body
    /// (RFC 9110 §10.1.1) and the body is still due; the connection sends it once.
    public var awaitsContinue: Bool {
        switch state {
        case .head: return false
        case .fixedBody(let head, _, _), .chunkedBody(let head, _): return head.expectsContinue
        }
    }

    /// Parses as much of `buffer` as it can. `buffer` must start where the
    /// current request starts and only ever grow between calls.
    public mutating func parse(_ buffer: [UInt8]) -> ParseResult {
        let result = step(buffer)
        switch result {
        case .needMore: break
        case .request, .failure: state = .head(HeadScanner())
        }
        return result
    }

    private mutating func step(_ buffer: [UInt8]) -> ParseResult {
        switch state {
        case .head(var scanner):
            let scan = scanner.scan(buffer, limits: limits)
            state = .head(scanner)
            switch scan {
            case .needMore: return .needMore
            case .failure(let error): return .failure(error)
            case .complete(let lines, let end):
                let head: RequestHead
                do { head = try RequestHead(parsing: buffer[lines], limits: limits) } catch { return .failure(error) }
                switch head.framing {
                case .none:
                    return .request(head.request, consumed: end)
                case .contentLength(let length):
                    state = .fixedBody(head, bodyStart: end, length: length)
                case .chunked:
                    state = .chunkedBody(head, ChunkedBodyDecoder(start: end, headerCount: head.request.headers.fields.count))
                }
                return step(buffer)
            }
        case .fixedBody(let head, let bodyStart, let length):
            guard buffer.count >= bodyStart + length else { return .needMore }
            return .request(head.request(body: Array(buffer[bodyStart..<bodyStart + length])), consumed: bodyStart + length)
        case .chunkedBody(let head, var decoder):
            let outcome = decoder.decode(buffer, limits: limits)
            state = .chunkedBody(head, decoder)
            switch outcome {
            case .needMore: return .needMore
            case .failure(let error): return .failure(error)
            case .complete(let end): return .request(head.request(body: decoder.body), consumed: end)
            }
        }
    }
}
