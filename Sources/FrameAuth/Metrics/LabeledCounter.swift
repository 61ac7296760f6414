import HTTPServer

/// A counter whose label values are an enum's cases (`MetricLabel`).
struct LabeledCounter<Label: MetricLabel>: Sendable {
    private let slots: SlotCounter

    init(_ name: String, help: String, label: String) {
        slots = SlotCounter(name, help: help, label: label, values: Label.slotLabelValues)
    }

    func increment(_ value: Label) {
        slots.increment(slot: value.rawValue)
    }

    func render(into page: inout PrometheusText) {
        slots.render(into: &page)
    }
}
