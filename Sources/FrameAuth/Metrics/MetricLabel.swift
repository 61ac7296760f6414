/// The values of a metric's one label, fixed in advance as an enum's cases,
/// their raw values counting from 0: a case is its own slot, so every series
/// exists (at 0) from the first scrape and counting one is an array index.
/// Fixed values also mean no label can ever carry a user id, token or path.
protocol MetricLabel: RawRepresentable, CaseIterable, Sendable where RawValue == Int {
    /// The value as it appears on the page.
    var labelValue: String { get }
}

extension MetricLabel {
    /// The cases' label values in slot order; stops start-up if the raw
    /// values do not count from 0, which would misfile every sample.
    static var slotLabelValues: [String] {
        let cases = Array(allCases)
        precondition(cases.map(\.rawValue) == Array(cases.indices), "\(Self.self)'s raw values must count from 0")
        return cases.map(\.labelValue)
    }
}
