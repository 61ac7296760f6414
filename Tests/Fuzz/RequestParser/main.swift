// libFuzzer target for the request parser, built by `scripts/fuzz` together
// with Sources/HTTPServer/Parsing/*.swift and ServerLimits.swift only (see
// `sources`), so the parser cannot come to depend on the rest of HTTPServer.
//
// Input layout: byte 0 picks how many reads deliver the request (1-3) and the
// header byte limit; bytes 1-2 and 3-4 are where the reads are cut (big-endian
// offsets); the rest is what a client sends. Every pipelined request is parsed,
// and the same bytes are parsed again as a single read: where a client splits
// its bytes must not change the answer.

/// Small limits, so the fuzzer reaches every limit path with short inputs;
/// the header byte limit varies so inputs can land exactly on it.
func fuzzLimits(variant: UInt8) -> ServerLimits {
    var limits = ServerLimits()
    limits.maxRequestLineBytes = 64
    limits.maxHeaderBytes = 512 - Int(variant) * 4
    limits.maxHeaderCount = 8
    limits.maxBodyBytes = 128
    return limits
}

let allowedStatuses: Set<Int> = [400, 413, 414, 431, 501, 505]

/// What a connection saw: each request in order, then how the stream ended.
struct Transcript: Equatable {
    var requests: [String] = []
    /// "needMore", or "failure" (the status may differ with the split; the kind may not).
    var end = ""
}

/// A stable description of everything the parser extracted from a request.
func summary(_ request: HTTPRequest, consumed: Int) -> String {
    let headers = request.headers.fields.map { "\($0.name):\($0.value)" }.joined(separator: "\n")
    return "\(request.method.rawValue) \(request.path) \(request.pathSegments) \(request.rawQuery ?? "-") "
        + "\(request.version) [\(headers)] \(request.body) consumed=\(consumed)"
}

/// Feeds `payload` to one parser as if it arrived in reads ending at `cuts`.
func run(_ payload: [UInt8], cuts: [Int], limits: ServerLimits) -> Transcript {
    var parser = RequestParser(limits: limits)
    var transcript = Transcript()
    var start = 0
    for received in cuts + [payload.count] where received >= start {
        while true {
            let buffer = Array(payload[start..<received])
            let result = parser.parse(buffer)
            switch result {
            case .needMore:
                transcript.end = "needMore"
            case .failure(let error):
                check(allowedStatuses.contains(error.status), "status \(error.status)")
                check(!parser.isReadingBody, "parser not reset after a failure")
                transcript.end = "failure"
                return transcript
            case .request(let request, let consumed):
                check(consumed > 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count)")
                check(request.body.count <= limits.maxBodyBytes, "body \(request.body.count)")
                check(!parser.isReadingBody && !parser.awaitsContinue, "parser not reset after a request")
                // Decoding helpers must answer or throw, never trap.
                _ = try? request.queryParameters()
                _ = try? request.formParameters()
                _ = request.wantsKeepAlive
                transcript.requests.append(summary(request, consumed: consumed))
                start += consumed
                transcript.end = "needMore"
                if start < received { continue }
            }
            break
        }
        _ = parser.awaitsContinue
    }
    return transcript
}

func fuzz(_ bytes: [UInt8]) {
    guard bytes.count >= 5 else { return }
    let payload = Array(bytes[5...])
    let reads = Int(bytes[0] % 3) + 1
    let limits = fuzzLimits(variant: bytes[0] / 3)
    let offsets = [Int(bytes[1]) << 8 | Int(bytes[2]), Int(bytes[3]) << 8 | Int(bytes[4])]
    let cuts = offsets.prefix(reads - 1).map { $0 % (payload.count + 1) }.sorted()
    let split = run(payload, cuts: cuts, limits: limits)
    let whole = run(payload, cuts: [], limits: limits)
    check(split == whole, "split at \(cuts) gave \(split), one read gave \(whole)")
}
