/// Where the server reads the time for its deadlines (time-outs, linger,
/// accept back-off and its log throttle, the shutdown grace period) and for
/// the durations it logs.
///
/// A closure rather than a protocol: one indirect call (1-3 ns here) beside
/// the clock read itself (29 ns), a few times per request. Each loop still sleeps in real
/// time and wakes every `ServerLimits.timerTick` to check deadlines against
/// this clock, so a test that moves its own clock sees them fire within a tick.
public struct ServerClock: Sendable {
    /// Nanoseconds since an arbitrary start; must never go back.
    public let now: @Sendable () -> UInt64

    public init(now: @escaping @Sendable () -> UInt64) {
        self.now = now
    }

    /// CLOCK_MONOTONIC, which wall-clock changes do not move.
    public static let monotonic = ServerClock(now: MonotonicClock.now)
}
