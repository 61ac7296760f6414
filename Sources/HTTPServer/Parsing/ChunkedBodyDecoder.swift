/// Decodes a chunked request body (RFC 9112 §7.1) incrementally: each call
/// resumes at the first element not yet consumed, so a body that trickles in
/// is never re-read from its start.
struct ChunkedBodyDecoder: Sendable {
    private(set) var body: [UInt8] = []
    private var cursor: Int
    /// How far the line at the cursor has been searched for its LF, so a
    /// line that trickles in is not rescanned from its start on every call.
    private var lineScanned = 0
    private var phase: Phase = .size
    private var fieldCount: Int
    private var trailerBytes = 0

    private enum Phase: Sendable {
        case size
        case data(Int)
        case trailers
    }

    enum Outcome {
        case needMore
        case failure(HTTPParseError)
        case complete(end: Int)
    }

    /// `start`: the first byte after the head; `headerCount`: fields already
    /// in the head, since trailers count toward the same limit.
    init(start: Int, headerCount: Int) {
        cursor = start
        fieldCount = headerCount
    }

    mutating func decode(_ buffer: [UInt8], limits: ServerLimits) -> Outcome {
        while true {
            switch phase {
            case .size:
                let line: (content: Range<Int>, next: Int)
                switch nextLine(buffer, limit: limits.maxChunkLineBytes, tooLong: .badRequest("chunk size line too long")) {
                case .incomplete: return .needMore
                case .invalid(let error): return .failure(error)
                case .line(let content, let next): line = (content, next)
                }
                let size: Int
                switch Self.parseChunkSize(buffer[line.content], room: limits.maxBodyBytes - body.count) {
                case .success(let value): size = value
                case .failure(let error): return .failure(error)
                }
                cursor = line.next
                phase = size == 0 ? .trailers : .data(size)
            case .data(let size):
                guard buffer.count >= cursor + size + 2 else { return .needMore }
                guard buffer[cursor + size] == ASCII.cr, buffer[cursor + size + 1] == ASCII.lf else {
                    return .failure(.badRequest("chunk data not followed by CRLF"))
                }
                body.append(contentsOf: buffer[cursor..<cursor + size])
                cursor += size + 2
                phase = .size
            case .trailers:
                let next: Int
                switch nextLine(buffer, limit: limits.maxHeaderBytes - trailerBytes, tooLong: .headersTooLarge) {
                case .incomplete: return .needMore
                case .invalid(let error): return .failure(error)
                case .line(let content, let end):
                    if content.isEmpty { return .complete(end: end) }
                    do { _ = try HeaderField.parse(buffer[content]) } catch { return .failure(error) }
                    next = end
                }
                fieldCount += 1
                trailerBytes += next - cursor
                guard fieldCount <= limits.maxHeaderCount else { return .failure(.tooManyHeaders) }
                cursor = next
            }
        }
    }

    private enum LineScan {
        case incomplete
        case invalid(HTTPParseError)
        case line(content: Range<Int>, next: Int)
    }

    /// The CRLF-terminated line at the cursor. A line longer than `limit`
    /// is refused as soon as that many bytes have arrived without its end.
    private mutating func nextLine(_ buffer: [UInt8], limit: Int, tooLong: HTTPParseError) -> LineScan {
        let end = min(buffer.count, cursor + limit + 2)
        guard let lf = buffer[min(max(cursor, lineScanned), end)..<end].firstIndex(of: ASCII.lf) else {
            lineScanned = end
            return buffer.count - cursor > limit + 1 ? .invalid(tooLong) : .incomplete
        }
        guard lf > cursor, buffer[lf - 1] == ASCII.cr else { return .invalid(.badRequest("line not terminated by CRLF")) }
        return .line(content: cursor..<(lf - 1), next: lf + 1)
    }

    /// `chunk-size [ chunk-ext ]` (RFC 9112 §7.1.1); `room` is how many more
    /// body bytes the limit allows.
    private static func parseChunkSize(_ line: ArraySlice<UInt8>, room: Int) -> Result<Int, HTTPParseError> {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = PercentDecoding.hexValue(line[index]) {
            // Checked before it can overflow: a size past the limit is refused, whatever its digits.
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            guard !overflow, shifted + Int(digit) <= room else { return .failure(.bodyTooLarge) }
            size = shifted + Int(digit)
            index += 1
        }
        guard index > line.startIndex else { return .failure(.badRequest("invalid chunk size")) }
        guard size <= room else { return .failure(.bodyTooLarge) }
        var rest = line[index...]
        while let f = rest.first, ASCII.isWhitespace(f) { rest.removeFirst() }
        if let f = rest.first {
            // Extensions are allowed and ignored, but must not smuggle control bytes.
            guard f == ASCII.semicolon, rest.hasNoByte(ASCII.barredFromFieldValue) else {
                return .failure(.badRequest("invalid chunk extension"))
            }
        }
        return .success(size)
    }
}
