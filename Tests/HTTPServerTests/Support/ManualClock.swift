@testable import HTTPServer
import LoopbackClient
import Testing

/// A server clock that moves only when the test advances it: a time-out
/// fires when the test says so, and never behind its back.
final class ManualClock: Sendable {
    /// Kept as a Duration, not nanoseconds: steps that do not fall on a
    /// whole nanosecond (a sixth of a time-out) still add up to it exactly.
    /// Behind the project's `Lock`, not `Mutex`, which ThreadSanitizer
    /// cannot see (see `Lock`): the loops read it while the test advances it.
    private let elapsed = Lock<Duration>(.zero)

    var serverClock: ServerClock {
        ServerClock { self.elapsed.withLock { $0.nanoseconds } }
    }

    func advance(by duration: Duration) {
        elapsed.withLock { $0 += duration }
    }

    /// Real time the server's loops take at most to act on a deadline the
    /// clock has passed: three of their ticks.
    static let reactionTime = ServerLimits().timerTick * 3

    /// Advances by `duration` in two steps: to 1 ms short of its end, where
    /// `check` looks for whatever the server must not have done yet (taking
    /// `reactionTime` to look), then onto its end.
    func advance(by duration: Duration, checkingJustBefore check: () async throws -> Void) async rethrows {
        advance(by: duration - .milliseconds(1))
        try await check()
        advance(by: .milliseconds(1))
    }

    /// Advances by `duration`; `client` must hear nothing (no answer, no
    /// close) while the clock is short of its end.
    func advance(by duration: Duration, expectingNothingFrom client: RawClient,
                 sourceLocation: SourceLocation = #_sourceLocation) async {
        await advance(by: duration) {
            #expect(client.receivesNothing(within: Self.reactionTime),
                    "heard from the server before \(duration) had passed", sourceLocation: sourceLocation)
        }
    }
}
