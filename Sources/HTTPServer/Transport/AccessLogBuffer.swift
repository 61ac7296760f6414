import Glibc

/// One JSON line per request (method, path without its query, status,
/// duration, bytes, peer), gathered and handed to the sink in one write:
/// when a block is full, and otherwise when the loop flushes (each timer
/// tick, and before it waits for events). The query is never logged: it
/// carries codes and state.
final class AccessLogBuffer {
    /// Lines gathered before they are written whatever the loop does: a
    /// write per block, not per loop iteration, under load (nginx's
    /// `access_log ... buffer=` does the same).
    static let blockSize = 16 * 1024

    private let sink: (@Sendable ([UInt8]) -> Void)?
    private var pending: [UInt8] = []
    private var second: time_t = -1
    private var secondText: [UInt8] = []

    init(sink: (@Sendable ([UInt8]) -> Void)?) {
        self.sink = sink
    }

    func record(method: String, path: String, status: Int, durationNanoseconds: UInt64, bytes: Int, peer: String) {
        guard sink != nil else { return }
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        if spec.tv_sec != second {
            second = spec.tv_sec
            secondText = Array(Self.iso8601(second).utf8)
        }
        Self.appendLine(to: &pending, secondText: secondText, milliseconds: Int(spec.tv_nsec / 1_000_000),
                        method: method, path: path, status: status,
                        durationMicroseconds: durationNanoseconds / 1000, bytes: bytes, peer: peer)
        if pending.count >= Self.blockSize { flush() }
    }

    /// Appended piece by piece, no string made on the way: this runs per
    /// request. Written through one `inout` rather than on the property,
    /// where each append was an access the runtime checks for exclusivity.
    private static func appendLine(to line: inout [UInt8], secondText: [UInt8], milliseconds: Int,
                                   method: String, path: String, status: Int,
                                   durationMicroseconds: UInt64, bytes: Int, peer: String) {
        line.append(literal: #"{"time":""#)
        line += secondText
        line.append(UInt8(ascii: "."))
        line.append(decimal: milliseconds, width: 3)
        line.append(literal: #"Z","method":"#)
        JSONString.append(method, quotedTo: &line)
        line.append(literal: #","path":"#)
        JSONString.append(path, quotedTo: &line)
        line.append(literal: #","status":"#)
        line.append(decimal: status)
        line.append(literal: #","duration_ms":"#)
        appendMilliseconds(microseconds: durationMicroseconds, to: &line)
        line.append(literal: #","bytes":"#)
        line.append(decimal: bytes)
        line.append(literal: #","peer":"#)
        JSONString.append(peer, quotedTo: &line)
        line.append(literal: "}\n")
    }

    var hasPending: Bool { !pending.isEmpty }

    /// Milliseconds with up to three decimals and no trailing zeros, as a
    /// Double would print them (1.5, 0.052, 3.0).
    private static func appendMilliseconds(microseconds: UInt64, to line: inout [UInt8]) {
        line.append(decimal: Int(microseconds / 1000))
        line.append(UInt8(ascii: "."))
        var fraction = Int(microseconds % 1000)
        guard fraction > 0 else { return line.append(UInt8(ascii: "0")) }
        var width = 3
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        line.append(decimal: fraction, width: width)
    }

    func flush() {
        guard let sink, !pending.isEmpty else { return }
        sink(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private static func iso8601(_ seconds: time_t) -> String {
        let time = UTCTime(seconds)
        return "\(time.year)-\(time.month)-\(time.day)T\(time.clock)"
    }
}
