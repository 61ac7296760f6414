import Dispatch
import HTTPServer

/// Runs `operation` on the cooperative pool and waits for it on this thread:
/// for the steps of start-up and of command-line tasks that must finish
/// before anything else happens, called from synchronous code.
func runBlocking<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
    let result = Lock<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let value = await operation()
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}
