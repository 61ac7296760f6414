import Dispatch

/// Runs blocking calls (file reads, fsync, libcurl) on a queue of its own,
/// never on the threads that serve sockets, and resumes the caller after.
public enum BlockingWork {
    private static let queue = DispatchQueue(label: "frameauth.blocking-work", attributes: .concurrent)

    public static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { () throws(E) in try work() }) }
        }
        return try result.get()
    }
}
