import Dispatch

/// A fixed set of workers, each a serial queue owning one resource that must
/// not be used on two threads at once (a libcurl handle, a Redis
/// connection). Blocking calls on it run there, never on the caller's thread
/// or on Swift's cooperative pool, whose few threads must not block; the
/// number of workers bounds how many run at once.
public final class WorkerPool<Resource: Sendable>: Sendable {
    private struct Worker: Sendable {
        let queue: DispatchQueue
        let resource: Resource
    }

    private let workers: [Worker]
    /// Calls queued or running on each worker.
    private let load: Lock<[Int]>

    /// One worker per resource; `label` names their queues in debuggers.
    public init(label: String, resources: [Resource]) {
        precondition(!resources.isEmpty, "the pool needs at least one worker")
        workers = resources.enumerated().map { index, resource in
            Worker(queue: DispatchQueue(label: "\(label).worker\(index)"), resource: resource)
        }
        load = Lock(Array(repeating: 0, count: resources.count))
    }

    /// Runs `work` with the least busy worker's resource, and among idle ones
    /// always the first: calls made one after another then share one
    /// resource, and so one kept connection.
    public func run<Output: Sendable>(_ work: @escaping @Sendable (Resource) -> Output) async -> Output {
        let index = load.withLock { load in
            let index = load.indices.min { load[$0] < load[$1] }!
            load[index] += 1
            return index
        }
        let worker = workers[index]
        // The output crosses threads through a lock, not the continuation:
        // ThreadSanitizer cannot see the concurrency runtime's hand-over and
        // reported the output (a Redis reply) as raced; a lock it can see.
        let handOver = Lock<Output?>(nil)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            worker.queue.async {
                let output = work(worker.resource)
                self.load.withLock { $0[index] -= 1 }
                handOver.withLock { $0 = output }
                continuation.resume()
            }
        }
        return handOver.withLock { $0.take()! }
    }
}
