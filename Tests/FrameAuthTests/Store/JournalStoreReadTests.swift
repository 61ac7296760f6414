import Dispatch
import Foundation
import Glibc
import HTTPServer
import Synchronization
import Testing
@testable import FrameAuth

/// Reads answer from memory at once, on the caller's thread: never behind
/// a change whose write is still on its way to the disk (issue #18's "a read
/// of a fresh token must not wait behind a disk write").
@Suite struct JournalStoreReadTests {
    /// A `pwrite` that, once armed, holds the next write until released.
    final class HeldWrites: Sendable {
        private let armed = Atomic(false)
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)

        func arm() { armed.store(true, ordering: .sequentiallyConsistent) }

        var write: PosixFile.PositionedWrite {
            { fd, bytes, count, offset in
                if self.armed.exchange(false, ordering: .sequentiallyConsistent) {
                    self.entered.signal()
                    self.release.wait()
                }
                return pwrite(fd, bytes, count, off_t(offset))
            }
        }
    }

    @Test func readsAnswer_whileAnotherUsersSignInIsStillBeingWritten() async throws {
        let directory = TemporaryDirectory()
        let writes = HeldWrites()
        let store = try JournalStore(
            directory: directory.dataDir, keys: try KeyRing(sealingWith: StoreFixtures.key), now: TestClock().now,
            sessionLifetime: .seconds(3_600), log: { _ in }, positionedWrite: writes.write
        )
        let tokens = StoreFixtures.makeTokens("first")
        try await StoreFixtures.signIn(store, userID: "user-1", tokens: tokens)

        writes.arm()
        let secondSignIn = Task { try await StoreFixtures.signIn(store, userID: "user-2") }
        // Waits on a thread of Dispatch's, not on the cooperative pool.
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { writes.entered.wait(); continuation.resume() }
        }

        // The store's own thread is inside pwrite now; these must not queue behind it.
        guard case .tokens(let held, let binding) = try #require(store.tokensWithoutWaiting(userID: "user-1")) else {
            Issue.record("user-1 not found while user-2's write was held")
            return
        }
        #expect(held.accessToken == tokens.accessToken && held.refreshToken == tokens.refreshToken)
        #expect(held.expiresAt == tokens.expiresAt && held.scope == tokens.scope && binding == StoreFixtures.binding)
        #expect(store.user(id: "user-1")?.tokens.accessToken == tokens.accessToken)
        #expect(store.userCount() == 1)
        // Memory changes only once the disk has the change.
        guard case .unknown = try #require(store.tokensWithoutWaiting(userID: "user-2")) else {
            Issue.record("user-2 was visible before its write reached the disk")
            return
        }

        writes.release.signal()
        try await secondSignIn.value
        #expect(store.user(id: "user-2") != nil)
        #expect(store.userCount() == 2)
    }

    @Test func tokensWithoutWaiting_tellsEndedFromUnknown() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.makeStore(directory)
        let tokens = StoreFixtures.makeTokens()
        try await StoreFixtures.signIn(store, userID: "user-1", tokens: tokens)
        _ = try await store.endUser("user-1", holding: tokens)

        guard case .ended = try #require(store.tokensWithoutWaiting(userID: "user-1")) else {
            Issue.record("an ended user should read as ended")
            return
        }
        guard case .unknown = try #require(store.tokensWithoutWaiting(userID: "someone-else")) else {
            Issue.record("a user never seen should read as unknown")
            return
        }
    }
}
