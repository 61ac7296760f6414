import Glibc

/// A value that one thread at a time may read or change, guarded by a
/// `pthread_mutex_t`; the project's only lock.
///
/// It stands in for `Synchronization.Mutex`, which has the same shape. On
/// Linux, `Mutex` hands a contended lock over through the kernel
/// (`FUTEX_LOCK_PI`), where ThreadSanitizer cannot see it: TSan then finds
/// no happens-before edge between two critical sections of one `Mutex` and
/// reports them as a race. TSan intercepts `pthread_mutex_lock` and
/// `pthread_mutex_unlock` (pthread_mutex_lock(3)), so with this lock its
/// reports are real races.
///
/// The mutex lives on the heap because a `pthread_mutex_t` must not move
/// once initialised. It is an error-checking mutex: locking it again from
/// the thread that holds it stops the process, as `Mutex` does, instead of
/// deadlocking.
///
/// The value lives on the heap too, behind a pointer rather than in a
/// `var`: a class's `var` handed out `inout` is checked for exclusive
/// access by the runtime on every call, which here would only repeat what
/// the mutex already guarantees (one holder, and no nested `withLock`).
public final class Lock<Value> {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let value: UnsafeMutablePointer<Value>

    public init(_ value: Value) {
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ERRORCHECK))
        let status = pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        value.deinitialize(count: 1)
        value.deallocate()
    }

    /// Runs `body` with the value while holding the lock; what `body`
    /// returns or throws is passed through.
    public func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        let status = pthread_mutex_lock(mutex)
        // EDEADLK: this thread already holds the lock (a nested withLock).
        precondition(status == 0, "pthread_mutex_lock failed: \(status)")
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}

// Every access to `value` is inside `withLock`, so sharing the lock is as
// safe as sharing the value.
extension Lock: @unchecked Sendable where Value: Sendable {}
