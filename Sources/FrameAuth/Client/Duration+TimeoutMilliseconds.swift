extension Duration {
    /// Whole milliseconds for libcurl's `_MS` time-outs and hiredis's socket
    /// time-outs, at least 1, because both read 0 as "never time out"
    /// (CURLOPT_TIMEOUT_MS, SO_RCVTIMEO).
    var timeoutMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int.max }
        return max(1, Int(clamping: milliseconds.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}
