import HTTPServer

/// A histogram family broken down by one label with fixed values: per value,
/// how many observations fell at or under each bound, their sum and count.
final class LabeledHistogram<Label: MetricLabel>: Sendable {
    let name: String
    private let help: String
    private let labelName: String
    private let labelValues: [String]
    /// Upper bounds, ascending; `+Inf` is implied after the last.
    let bounds: [Double]

    private struct Series {
        /// Per bucket, not cumulative; the last counts what exceeded every bound.
        var buckets: [UInt64]
        var sum: Double = 0
    }

    private let series: Lock<[Series]>

    init(_ name: String, help: String, label: String, bounds: [Double]) {
        precondition(!bounds.isEmpty && zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "bounds must ascend")
        self.name = name
        self.help = help
        labelName = label
        labelValues = Label.slotLabelValues
        self.bounds = bounds
        series = Lock([Series](repeating: Series(buckets: [UInt64](repeating: 0, count: bounds.count + 1)), count: labelValues.count))
    }

    func observe(_ value: Double, _ label: Label) {
        // Buckets are "less than or equal" (`le`).
        let bucket = bounds.firstIndex { value <= $0 } ?? bounds.count
        series.withLock {
            $0[label.rawValue].buckets[bucket] &+= 1
            $0[label.rawValue].sum += value
        }
    }

    /// Buckets cumulative, as the format wants, ending with `+Inf`, then `_sum` and `_count`.
    func render(into page: inout PrometheusText) {
        let snapshot = series.withLock { $0 }
        page.family(name, .histogram, help: help)
        for (labelValue, one) in zip(labelValues, snapshot) {
            var cumulative: UInt64 = 0
            for (bound, count) in zip(bounds + [.infinity], one.buckets) {
                cumulative &+= count
                page.sample(name + "_bucket", labels: PrometheusText.labels([labelName: labelValue, "le": PrometheusText.number(bound)]),
                            String(cumulative))
            }
            let labels = PrometheusText.labels([labelName: labelValue])
            page.sample(name + "_sum", labels: labels, PrometheusText.number(one.sum))
            page.sample(name + "_count", labels: labels, String(cumulative))
        }
    }
}
