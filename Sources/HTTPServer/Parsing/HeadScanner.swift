/// Finds the end of a request head (the empty line, RFC 9112 §2.1) while
/// enforcing the size limits on the way, so an oversized head is refused
/// before it is complete. Remembers where it stopped between calls.
struct HeadScanner: Sendable {
    /// Where the request line starts (leading empty lines are skipped).
    private var headStart = 0
    private var lineStart = 0
    private var scanned = 0
    /// Where the header section starts, once the request line has ended.
    private var headerSectionStart: Int?
    private var fieldCount = 0

    enum Outcome {
        case needMore
        case failure(HTTPParseError)
        /// `lines`: the head without its final CRLF CRLF; `end`: first byte after it.
        case complete(lines: Range<Int>, end: Int)
    }

    mutating func scan(_ buffer: [UInt8], limits: ServerLimits) -> Outcome {
        while scanned < buffer.count {
            let index = scanned
            scanned += 1
            guard buffer[index] == ASCII.lf else { continue }
            // RFC 9112 §2.2 allows a bare LF as a line end; we refuse it, because
            // readers that disagree about line ends are how requests get smuggled.
            guard index > lineStart, buffer[index - 1] == ASCII.cr else {
                return .failure(.badRequest("line not terminated by CRLF"))
            }
            let contentEnd = index - 1
            if contentEnd == lineStart {
                if headerSectionStart == nil {
                    // RFC 9112 §2.2: ignore empty lines before the request line (bounded).
                    headStart = index + 1
                    lineStart = index + 1
                    guard headStart <= limits.maxRequestLineBytes else { return .failure(.badRequest("too many empty lines")) }
                    continue
                }
                return .complete(lines: headStart..<contentEnd, end: index + 1)
            }
            if let sectionStart = headerSectionStart {
                fieldCount += 1
                guard fieldCount <= limits.maxHeaderCount else { return .failure(.tooManyHeaders) }
                guard index + 1 - sectionStart <= limits.maxHeaderBytes else { return .failure(.headersTooLarge) }
            } else {
                guard contentEnd - lineStart <= limits.maxRequestLineBytes else { return .failure(.uriTooLong) }
                headerSectionStart = index + 1
            }
            lineStart = index + 1
        }
        // Incomplete: refuse as soon as the partial line already passes a limit.
        if let sectionStart = headerSectionStart {
            // A lone CR may start the final empty line, which the limit does not count.
            let pendingCR = buffer.count == lineStart + 1 && buffer[lineStart] == ASCII.cr ? 1 : 0
            if buffer.count - pendingCR - sectionStart > limits.maxHeaderBytes { return .failure(.headersTooLarge) }
        } else if buffer.count - lineStart > limits.maxRequestLineBytes + 1 {
            return .failure(.uriTooLong)
        }
        return .needMore
    }
}
