/// A `Duration` in the units the C calls and the stores take: every
/// conversion the project makes, in one place.
extension Duration {
    /// Whole nanoseconds, negative durations as 0: deadlines on the
    /// monotonic clock.
    public var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(seconds, 0)) * 1_000_000_000 + UInt64(max(attoseconds, 0) / 1_000_000_000)
    }

    /// Seconds, fractions included: session lifetimes and the token
    /// endpoint's latency histogram.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Whole milliseconds for libcurl's `_MS` time-outs and hiredis's socket
    /// time-outs, at least 1, because both read 0 as "never time out"
    /// (CURLOPT_TIMEOUT_MS, SO_RCVTIMEO).
    public var timeoutMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int.max }
        return max(1, Int(clamping: milliseconds.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}
