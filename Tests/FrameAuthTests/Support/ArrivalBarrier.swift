import Foundation

/// Holds each request in a fake endpoint until `expected` requests are in
/// flight together (or a time-out passes), and remembers whether they ever
/// were: proof of parallel calls that does not depend on the machine's speed.
final class ArrivalBarrier: @unchecked Sendable {
    private let expected: Int
    private let condition = NSCondition()
    private var arrived = 0
    private var metTogether = false

    init(expected: Int) { self.expected = expected }

    /// Called by the endpoint for each request; returns once all have arrived or after `timeout`.
    func arriveAndWait(timeout: TimeInterval = 5) {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived >= expected {
            metTogether = true
            condition.broadcast()
            return
        }
        let deadline = Date().addingTimeInterval(timeout)
        while !metTogether && condition.wait(until: deadline) {}
    }

    /// Whether all `expected` requests were in flight at the same moment.
    var allArrivedTogether: Bool {
        condition.lock()
        defer { condition.unlock() }
        return metTogether
    }
}
