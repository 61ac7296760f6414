import LoopbackClient

/// Polls `condition` every 10 ms and returns once it holds; throws if it
/// has not within two seconds (scaled under a sanitizer).
func waitUntil(_ what: String, _ condition: () async -> Bool) async throws {
    for _ in 0..<Int(200 * Sanitizer.slowdown) {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    if await condition() { return }
    throw NotInTime(waitingFor: what)
}

struct NotInTime: Error {
    let waitingFor: String
}
