import HTTPServer

/// A continuous clock that moves only when a test says so, so a cooldown is
/// a line of a test and not a wait.
final class ManualClock: Sendable {
    private let start = ContinuousClock.now
    private let elapsed = Lock(Duration.zero)

    func now() -> ContinuousClock.Instant {
        start + elapsed.withLock { $0 }
    }

    func advance(by duration: Duration) {
        elapsed.withLock { $0 += duration }
    }
}
