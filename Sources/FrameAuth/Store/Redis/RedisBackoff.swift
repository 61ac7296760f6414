import HTTPServer

/// When the next attempt to connect to Redis may be made, shared by every
/// worker of one client: Redis being gone is a fact about Redis, not about a
/// connection. The wait doubles with each failed attempt up to a bound, and
/// the first connection that succeeds ends it for all workers at once, so
/// service returns as soon as Redis does rather than worker by worker.
final class RedisBackoff: Sendable {
    private struct State {
        var wait: Duration = .zero
        var nextAttempt: ContinuousClock.Instant?
    }

    private let first: Duration
    private let maximum: Duration
    private let state = Lock(State())

    init(first: Duration, maximum: Duration) {
        self.first = first
        self.maximum = maximum
    }

    func mayAttempt(at now: ContinuousClock.Instant) -> Bool {
        state.withLock { $0.nextAttempt.map { now >= $0 } ?? true }
    }

    func attemptFailed(at now: ContinuousClock.Instant) {
        state.withLock { state in
            state.wait = state.wait == .zero ? first : min(state.wait * 2, maximum)
            state.nextAttempt = now + state.wait
        }
    }

    func attemptSucceeded() {
        state.withLock { $0 = State() }
    }
}
