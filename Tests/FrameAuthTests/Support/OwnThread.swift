import Foundation

/// Runs a blocking call on a thread of its own. A test that blocks while the
/// server refreshes a token must not hold one of the cooperative pool's few
/// threads (one per core): the refresh runs there, and two such tests at once
/// would leave it none.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
