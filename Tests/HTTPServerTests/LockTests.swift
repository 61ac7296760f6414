import Foundation
@testable import HTTPServer
import Testing

/// `Lock` keeps its value on the heap, behind a pointer it allocates,
/// initialises and frees itself.
@Suite struct LockTests {
    final class Tracked: Sendable {}

    @Test func changesMadeUnderTheLock_areKept_andWhatTheBodyReturnsComesBack() {
        let lock = Lock([1, 2])
        let count = lock.withLock { value -> Int in
            value.append(3)
            return value.count
        }
        #expect(count == 3)
        #expect(lock.withLock { $0 } == [1, 2, 3])
    }

    @Test func whatTheBodyThrows_comesBack_andTheLockIsFreeAgain() {
        struct Refused: Error {}
        let lock = Lock(0)
        #expect(throws: Refused.self) { try lock.withLock { (_: inout Int) throws(Refused) in throw Refused() } }
        #expect(lock.withLock { $0 } == 0)
    }

    @Test func threadsCountingAtOnce_loseNoCount() async {
        let lock = Lock(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<10_000 { lock.withLock { $0 += 1 } } }
            }
        }
        #expect(lock.withLock { $0 } == 80_000)
    }

    /// The value is released with the lock: a lock that leaked it would keep
    /// every table a dropped owner held.
    @Test func theValue_isReleasedWithTheLock() {
        weak var released: Tracked?
        do {
            let tracked = Tracked()
            released = tracked
            let lock = Lock([tracked])
            #expect(lock.withLock { $0.count } == 1)
        }
        #expect(released == nil)
    }
}
