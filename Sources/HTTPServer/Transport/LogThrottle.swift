/// Lets a log line that repeats through at most once per interval and
/// counts the ones held back, so a failure repeating fast cannot flood the log.
struct LogThrottle {
    private let interval: UInt64
    private var nextLine: UInt64 = 0
    private var heldBack = 0

    init(interval: Duration) {
        self.interval = interval.nanoseconds
    }

    /// Nil: hold this line back. Otherwise log it, with the number held back since the last one.
    mutating func admit(now: UInt64) -> Int? {
        guard now >= nextLine else {
            heldBack += 1
            return nil
        }
        defer { heldBack = 0 }
        nextLine = now + interval
        return heldBack
    }
}
