import HTTPServer

/// A counter family broken down by one label with fixed values (`MetricLabel`).
final class LabeledCounter<Label: MetricLabel>: Sendable {
    let name: String
    private let help: String
    /// Each slot's rendered `{label="value"}`, made once.
    private let labels: [String]
    private let counts: Lock<[UInt64]>

    /// `name` ends in `_total`, as the format asks of counters.
    init(_ name: String, help: String, label: String) {
        self.name = name
        self.help = help
        labels = Label.slotLabelValues.map { PrometheusText.labels([label: $0]) }
        counts = Lock([UInt64](repeating: 0, count: labels.count))
    }

    func increment(_ value: Label) {
        counts.withLock { $0[value.rawValue] &+= 1 }
    }

    func render(into page: inout PrometheusText) {
        let snapshot = counts.withLock { $0 }
        page.family(name, .counter, help: help)
        for (labels, count) in zip(labels, snapshot) {
            page.sample(name, labels: labels, String(count))
        }
    }
}
