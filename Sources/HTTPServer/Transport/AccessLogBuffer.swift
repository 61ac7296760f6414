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
        // Appended piece by piece, no string made on the way: this runs per request.
        pending.append(literal: #"{"time":""#)
        pending += secondText
        pending.append(UInt8(ascii: "."))
        pending.append(decimal: Int(spec.tv_nsec / 1_000_000), width: 3)
        pending.append(literal: #"Z","method":"#)
        JSONString.append(method, quotedTo: &pending)
        pending.append(literal: #","path":"#)
        JSONString.append(path, quotedTo: &pending)
        pending.append(literal: #","status":"#)
        pending.append(decimal: status)
        pending.append(literal: #","duration_ms":"#)
        appendMilliseconds(microseconds: durationNanoseconds / 1000)
        pending.append(literal: #","bytes":"#)
        pending.append(decimal: bytes)
        pending.append(literal: #","peer":"#)
        JSONString.append(peer, quotedTo: &pending)
        pending.append(literal: "}\n")
        if pending.count >= Self.blockSize { flush() }
    }

    var hasPending: Bool { !pending.isEmpty }

    /// Milliseconds with up to three decimals and no trailing zeros, as a
    /// Double would print them (1.5, 0.052, 3.0).
    private func appendMilliseconds(microseconds: UInt64) {
        pending.append(decimal: Int(microseconds / 1000))
        pending.append(UInt8(ascii: "."))
        var fraction = Int(microseconds % 1000)
        guard fraction > 0 else { return pending.append(UInt8(ascii: "0")) }
        var width = 3
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        pending.append(decimal: fraction, width: width)
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
