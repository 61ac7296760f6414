import Dispatch

/// Runs an actor's jobs one at a time on a serial DispatchQueue of its own.
///
/// The session store blocks on `write` and `fdatasync` inside its methods, so
/// memory and disk change together with no suspension point in between (no
/// actor reentrancy). Running those jobs here keeps the blocking off Swift's
/// cooperative pool and off the server's socket threads. On Linux,
/// swift-corelibs-libdispatch has no `DispatchSerialQueue` executor, hence
/// this small adapter.
final class SerialQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
