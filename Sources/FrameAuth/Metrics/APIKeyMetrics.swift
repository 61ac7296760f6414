/// Integrator API calls by the key they carried, so an operator sees when
/// an old key stops being used before removing it (CONTRACT §9). The label
/// is the key's position in `api_key` counting from 1, or `none` for a
/// missing or unknown key: never a key, nor any part of one.
final class APIKeyMetrics: Sendable {
    private let calls: SlotCounter
    private let noneSlot: Int

    init(keyCount: Int) {
        noneSlot = keyCount
        calls = SlotCounter("frameauth_api_requests_total", help: "Integrator API calls, by the position of the API key they carried (from 1), or none.",
                            label: "key", values: (0..<keyCount).map { String($0 + 1) } + ["none"])
    }

    /// `keyIndex` counts from 0, as `APIKeys.match` gives it.
    func record(keyIndex: Int?) {
        calls.increment(slot: keyIndex ?? noneSlot)
    }

    func render(into page: inout PrometheusText) {
        calls.render(into: &page)
    }
}
