import Dispatch
import HTTPServer

/// A fixed set of workers, each a serial queue owning one `CurlEasyHandle`.
/// The blocking `curl_easy_perform` runs there, never on the caller's thread
/// or on Swift's cooperative pool, whose few threads must not block.
final class CurlWorkerPool: Sendable {
    private struct Worker: Sendable {
        let queue: DispatchQueue
        let handle: CurlEasyHandle
    }

    private let workers: [Worker]
    /// Calls queued or running on each worker.
    private let load: Lock<[Int]>

    init(size: Int) {
        precondition(size > 0, "the pool needs at least one worker")
        workers = (0..<size).map { index in
            Worker(queue: DispatchQueue(label: "FrameAuth.HTTPClient.worker\(index)"), handle: CurlEasyHandle())
        }
        load = Lock(Array(repeating: 0, count: size))
    }

    func run(_ request: CurlRequest) async -> Result<HTTPClientResponse, HTTPClientError> {
        // The least busy worker, and among idle ones always the first: calls
        // made one after another then share one handle and so one connection.
        let index = load.withLock { load in
            let index = load.indices.min { load[$0] < load[$1] }!
            load[index] += 1
            return index
        }
        let worker = workers[index]
        return await withCheckedContinuation { continuation in
            worker.queue.async {
                let result = worker.handle.perform(request)
                self.load.withLock { $0[index] -= 1 }
                continuation.resume(returning: result)
            }
        }
    }
}
