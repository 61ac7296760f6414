import Glibc

/// One JSON line per request (method, path without its query, status,
/// duration, bytes, peer), gathered per loop iteration and handed to the
/// sink in one write. The query is never logged: it carries codes and state.
final class AccessLogBuffer {
    private let sink: (@Sendable ([UInt8]) -> Void)?
    private var pending: [UInt8] = []
    private var second: time_t = -1
    private var secondText = ""

    init(sink: (@Sendable ([UInt8]) -> Void)?) {
        self.sink = sink
    }

    func record(method: String, path: String, status: Int, durationNanoseconds: UInt64, bytes: Int, peer: String) {
        guard sink != nil else { return }
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        if spec.tv_sec != second {
            second = spec.tv_sec
            secondText = Self.iso8601(second)
        }
        let millis = spec.tv_nsec / 1_000_000
        let stamp = secondText + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "") + "\(millis)Z"
        let micros = Double(durationNanoseconds / 1000) / 1000
        pending += "{\"time\":\"\(stamp)\",\"method\":\(JSONString.quote(method)),\"path\":\(JSONString.quote(path)),\"status\":\(status),\"duration_ms\":\(micros),\"bytes\":\(bytes),\"peer\":\(JSONString.quote(peer))}\n".utf8
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
