extension Duration {
    /// Whole milliseconds for libcurl's `_MS` time-outs, at least 1, because
    /// libcurl reads 0 as "never time out" (CURLOPT_TIMEOUT_MS).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int.max }
        return max(1, Int(clamping: milliseconds.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}
