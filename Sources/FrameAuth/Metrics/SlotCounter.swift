import HTTPServer

/// A counter family broken down by one label whose values are fixed when it
/// is made: each value is a slot, so every series exists (at 0) from the
/// first scrape, and counting one is an array index.
final class SlotCounter: Sendable {
    private let name: String
    private let help: String
    /// Each slot's rendered `{label="value"}`, made once.
    private let labels: [String]
    private let counts: Lock<[UInt64]>

    /// `name` ends in `_total`, as the format asks of counters.
    init(_ name: String, help: String, label: String, values: [String]) {
        self.name = name
        self.help = help
        labels = values.map { PrometheusText.labels([label: $0]) }
        counts = Lock([UInt64](repeating: 0, count: labels.count))
    }

    func increment(slot: Int) {
        counts.withLock { $0[slot] &+= 1 }
    }

    func render(into page: inout PrometheusText) {
        let snapshot = counts.withLock { $0 }
        page.family(name, .counter, help: help)
        for (labels, count) in zip(labels, snapshot) {
            page.sample(name, labels: labels, String(count))
        }
    }
}
