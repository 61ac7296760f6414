import Foundation
import Testing
@testable import FrameAuth

@Suite struct JournalStorePersistenceTests {
    let directory = TemporaryDirectory()

    /// One user signed in on several browsers: the first session is held
    /// with the user, the rest beside; ending any of them, in any order, and
    /// deleting the user leave exactly the right ones, before and after a reopen.
    @Test func oneUserOnManyBrowsers_endsExactlyTheSessionsEnded() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let browsers = (0..<5).map { _ in SessionID.generate() }
        for browser in browsers { try await StoreFixtures.signIn(store, session: browser) }
        try await store.endSession(browsers[0])
        try await store.endSession(browsers[2])
        let live = [browsers[1], browsers[3], browsers[4]]
        let reopened = try await reopen(store)
        for candidate in [store, reopened] {
            for browser in live { #expect(candidate.user(forSession: browser)?.profile.id == "user-1") }
            #expect(candidate.user(forSession: browsers[0]) == nil && candidate.user(forSession: browsers[2]) == nil)
            #expect(candidate.sessionCount == 3)
        }
        try await reopened.endSession(browsers[1])
        try await StoreFixtures.signIn(reopened, session: browsers[0])
        try await reopened.deleteUser("user-1")
        for browser in browsers { #expect(reopened.user(forSession: browser) == nil) }
        #expect(reopened.sessionCount == 0)
    }

    @Test func reopenedStore_restoresUsersAndBrowserSessions() async throws {
        let tokens = StoreFixtures.makeTokens()
        let session = SessionID.generate()
        let store = try StoreFixtures.makeStore(directory)
        try await store.signIn(profile: StoreFixtures.makeProfile(), tokens: tokens, binding: StoreFixtures.binding, subject: nil, newSession: session, replacing: nil)
        await store.close()

        let reopened = try StoreFixtures.makeStore(directory)
        let user = try #require(reopened.user(forSession: session))
        #expect(user.profile == StoreFixtures.makeProfile())
        #expect(user.tokens.accessToken == tokens.accessToken)
        #expect(user.tokens.refreshToken == tokens.refreshToken)
        #expect(user.tokens.expiresAt == tokens.expiresAt)
        #expect(user.tokens.refreshExpiresAt == tokens.refreshExpiresAt)
        #expect(reopened.user(id: "user-1")?.tokens.scope == tokens.scope)
        #expect(reopened.sessionCount == 1)
    }

    @Test func signingInAgain_replacesTokens_andEndsThatBrowsersOldSession() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let first = SessionID.generate()
        let second = SessionID.generate()
        let newTokens = StoreFixtures.makeTokens("b")
        try await StoreFixtures.signIn(store, session: first)
        try await store.signIn(profile: StoreFixtures.makeProfile(), tokens: newTokens, binding: StoreFixtures.binding, subject: nil, newSession: second, replacing: first)

        for candidate in [store, try await reopen(store)] {
            #expect(candidate.user(forSession: first) == nil)
            #expect(candidate.user(forSession: second)?.tokens.accessToken == newTokens.accessToken)
            #expect(candidate.users().count == 1)
            #expect(candidate.sessionCount == 1)
        }
    }

    @Test func twoBrowsersOfOneUser_keepSeparateSessions() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let laptop = SessionID.generate()
        let phone = SessionID.generate()
        let latest = StoreFixtures.makeTokens("phone")
        try await StoreFixtures.signIn(store, session: laptop)
        try await store.signIn(profile: StoreFixtures.makeProfile(), tokens: latest, binding: StoreFixtures.binding, subject: nil, newSession: phone, replacing: nil)
        try await store.endSession(phone)

        let reopened = try await reopen(store)
        #expect(reopened.user(forSession: laptop)?.tokens.accessToken == latest.accessToken)
        #expect(reopened.user(forSession: phone) == nil)
        #expect(reopened.sessionCount == 1)
    }

    @Test func deleteUser_removesTokensAndEndsEverySessionOfThatUser_acrossReopen() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let (one, two, other) = (SessionID.generate(), SessionID.generate(), SessionID.generate())
        try await StoreFixtures.signIn(store, session: one)
        try await StoreFixtures.signIn(store, session: two)
        try await StoreFixtures.signIn(store, userID: "user-2", session: other)

        #expect(try await store.deleteUser("user-1"))
        #expect(try await store.deleteUser("user-1") == false)

        for candidate in [store, try await reopen(store)] {
            #expect(candidate.user(id: "user-1") == nil)
            #expect(candidate.user(forSession: one) == nil)
            #expect(candidate.user(forSession: two) == nil)
            #expect(candidate.user(forSession: other)?.profile.id == "user-2")
            #expect(candidate.users().map(\.profile.id) == ["user-2"])
        }
    }

    @Test func endUser_forgetsTokensAndSessions_butRemembersTheID_acrossReopenAndCompaction() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let session = SessionID.generate()
        try await StoreFixtures.signIn(store, session: session)
        _ = try await store.endUser("user-1", holding: try #require(store.user(id: "user-1")).tokens)

        let reopened = try await reopen(store)
        try await reopened.compact()
        #expect(reopened.user(id: "user-1") == nil)
        #expect(reopened.user(forSession: session) == nil)
        #expect(reopened.hasEnded("user-1"))
        #expect(reopened.users().isEmpty)
        // Signing in again clears the mark; deleting clears it too.
        try await StoreFixtures.signIn(reopened)
        #expect(!reopened.hasEnded("user-1"))
        _ = try await reopened.endUser("user-1", holding: try #require(reopened.user(id: "user-1")).tokens)
        #expect(try await reopened.deleteUser("user-1"))
        #expect(!reopened.hasEnded("user-1"))
    }

    /// Issue 14, item 10: a refresh that was out while the user signed in
    /// again overwrote the newer sign-in's tokens, and a refused one ended it.
    @Test func aRefreshFromOlderTokens_neitherOverwritesNorEndsANewerSignIn() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let old = StoreFixtures.makeTokens("old")
        let newer = StoreFixtures.makeTokens("newer")
        try await StoreFixtures.signIn(store, tokens: old)
        try await StoreFixtures.signIn(store, tokens: newer)

        let update = try await store.updateTokens(userID: "user-1", from: old, to: StoreFixtures.makeTokens("late"), binding: StoreFixtures.binding)
        guard case .superseded(let kept) = update else { Issue.record("overwrote the newer sign-in: \(update)"); return }
        #expect(kept.tokens.accessToken == newer.accessToken)
        guard case .superseded = try await store.endUser("user-1", holding: old) else { Issue.record("ended the newer sign-in"); return }
        #expect(store.user(id: "user-1")?.tokens.accessToken == newer.accessToken)
        #expect(!store.hasEnded("user-1"))
    }

    @Test func updateTokens_persists_andIgnoresAUserDeletedMeanwhile() async throws {
        let store = try StoreFixtures.makeStore(directory)
        let original = StoreFixtures.makeTokens("original")
        let refreshed = StoreFixtures.makeTokens("refreshed")
        try await StoreFixtures.signIn(store, tokens: original)

        #expect(try await store.updateTokens(userID: "user-1", from: original, to: refreshed, binding: StoreFixtures.binding).isDone)
        #expect(try await store.updateTokens(userID: "nobody", from: original, to: refreshed, binding: StoreFixtures.binding).isUserGone)

        let reopened = try await reopen(store)
        #expect(reopened.user(id: "user-1")?.tokens.refreshToken == refreshed.refreshToken)
        #expect(reopened.user(id: "nobody") == nil)
    }

    @Test func expiredBrowserSession_isNotReturned_andIsDroppedAtReopen() async throws {
        let clock = TestClock()
        let store = try StoreFixtures.makeStore(directory, clock: clock)
        let session = SessionID.generate()
        try await StoreFixtures.signIn(store, session: session)

        clock.advance(by: 30 * 86_400 - 1)
        #expect(store.user(forSession: session) != nil)
        clock.advance(by: 1)
        #expect(store.user(forSession: session) == nil)
        #expect(store.sessionCount == 0)

        await store.close()
        let reopened = try StoreFixtures.makeStore(directory, clock: clock)
        #expect(reopened.user(forSession: session) == nil)
        #expect(reopened.user(id: "user-1") != nil)
    }

    @Test func secondStore_isRefusedTheSameDataDir_untilTheFirstCloses() async throws {
        let store = try StoreFixtures.makeStore(directory)

        #expect { try StoreFixtures.makeStore(directory) } throws: { error in
            guard case StoreError.directoryInUse(let path) = error else { return false }
            return path == directory.dataDir
        }
        await store.close()
        #expect(await store.isWritable() == false)
        await #expect(throws: StoreError.self) {
            try await store.signIn(
                profile: StoreFixtures.makeProfile(), tokens: StoreFixtures.makeTokens(), binding: StoreFixtures.binding, subject: nil, newSession: .generate(), replacing: nil
            )
        }
        _ = try StoreFixtures.makeStore(directory)
    }

    @Test func sessionID_fromCookie_acceptsOnlyGeneratedShapes() {
        let session = SessionID.generate()
        #expect(SessionID(cookieValue: session.cookieValue)?.cookieValue == session.cookieValue)
        #expect(SessionID(cookieValue: String(session.cookieValue.dropLast())) == nil)
        #expect(SessionID(cookieValue: String(session.cookieValue.dropLast()) + "=") == nil)
        #expect(!"\(session)".contains(session.cookieValue))
    }

    private func reopen(_ store: JournalStore) async throws -> JournalStore {
        await store.close()
        return try StoreFixtures.makeStore(directory)
    }
}
