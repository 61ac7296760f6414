import Foundation
import Testing
@testable import FrameAuth

/// What `SessionStore` promises, checked on both stores: the journal in a
/// temporary data_dir, and Redis (a redis-server of the test's own).
@Suite struct SessionStoreContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case journal, redis
        var testDescription: String { rawValue }
    }

    /// Runs `body` with a new store of `kind` and its clock, keeping what
    /// the store lives in (its folder, its server) until `body` is done.
    private func withStore(_ kind: Kind, _ body: (any SessionStore, TestClock) async throws -> Void) async throws {
        let clock = TestClock()
        switch kind {
        case .journal:
            let directory = TemporaryDirectory()
            try await body(try StoreFixtures.makeStore(directory, clock: clock), clock)
            withExtendedLifetime(directory) {}
        case .redis:
            let server = try RedisServer()
            try await body(try RedisStore(redis: RedisClient(url: server.url()), key: StoreFixtures.key, now: clock.now), clock)
            withExtendedLifetime(server) {}
        }
    }

    @Test(arguments: Kind.allCases)
    func signIn_makesTheUserAndTheirSessionReadable(kind: Kind) async throws {
        try await withStore(kind) { store, _ in
            let session = SessionID.generate()
            let tokens = StoreFixtures.makeTokens()
            try await StoreFixtures.signIn(store, userID: "u1", tokens: tokens, session: session)
            try await StoreFixtures.signIn(store, userID: "u0")

            #expect(try await store.user(id: "u1")?.tokens.accessToken == tokens.accessToken)
            #expect(try await store.user(id: "u1")?.profile == StoreFixtures.makeProfile(id: "u1"))
            #expect(try await store.user(forSession: session)?.profile.id == "u1")
            #expect(try await store.user(forSession: .generate()) == nil)
            #expect(try await store.user(id: "nobody") == nil)
            #expect(try await store.users().map(\.profile.id) == ["u0", "u1"])
            #expect(try await store.userCount() == 2)
            #expect(await store.isWritable())
        }
    }

    @Test(arguments: Kind.allCases)
    func signingInAgainInTheSameBrowser_endsItsPreviousSession(kind: Kind) async throws {
        try await withStore(kind) { store, _ in
            let first = SessionID.generate()
            let second = SessionID.generate()
            try await StoreFixtures.signIn(store, userID: "u1", session: first)
            try await StoreFixtures.signIn(store, userID: "u2", session: second, replacing: first)
            #expect(try await store.user(forSession: first) == nil)
            #expect(try await store.user(forSession: second)?.profile.id == "u2")
            // The first user keeps their tokens; only that browser's session ended.
            #expect(try await store.user(id: "u1") != nil)
        }
    }

    @Test(arguments: Kind.allCases)
    func endSession_signsThatBrowserOut_only(kind: Kind) async throws {
        try await withStore(kind) { store, _ in
            let (one, two) = (SessionID.generate(), SessionID.generate())
            try await StoreFixtures.signIn(store, userID: "u1", session: one)
            try await StoreFixtures.signIn(store, userID: "u1", session: two)
            try await store.endSession(one)
            try await store.endSession(.generate())
            #expect(try await store.user(forSession: one) == nil)
            #expect(try await store.user(forSession: two)?.profile.id == "u1")
        }
    }

    @Test(arguments: Kind.allCases)
    func aSessionPastItsLifetime_isNoLongerReadable(kind: Kind) async throws {
        try await withStore(kind) { store, clock in
            let session = SessionID.generate()
            try await StoreFixtures.signIn(store, session: session)
            clock.advance(by: 30 * 86_400 + 1)
            #expect(try await store.user(forSession: session) == nil)
        }
    }

    /// A refresh stores the user again; their browser sessions stay theirs,
    /// so deleting the user still ends every one, and signing in anew does
    /// not bring one back.
    @Test(arguments: Kind.allCases)
    func afterARefresh_deletingTheUser_stillEndsEachOfTheirSessions(kind: Kind) async throws {
        try await withStore(kind) { store, _ in
            let (first, second) = (SessionID.generate(), SessionID.generate())
            let original = StoreFixtures.makeTokens("original")
            try await StoreFixtures.signIn(store, userID: "u1", tokens: original, session: first)
            try await StoreFixtures.signIn(store, userID: "u1", tokens: original, session: second)
            let refreshed = StoreFixtures.makeTokens("refreshed")
            #expect(try await store.updateTokens(userID: "u1", from: original, to: refreshed, binding: StoreFixtures.binding).isDone)
            #expect(try await store.user(forSession: first)?.tokens.accessToken == refreshed.accessToken)

            #expect(try await store.deleteUser("u1"))
            try await StoreFixtures.signIn(store, userID: "u1")

            #expect(try await store.user(forSession: first) == nil)
            #expect(try await store.user(forSession: second) == nil)
        }
    }

    @Test(arguments: Kind.allCases)
    func updateTokens_writesOnlyOverTheTokensTheRefreshStartedFrom(kind: Kind) async throws {
        try await withStore(kind) { store, _ in
            let original = StoreFixtures.makeTokens("original")
            try await StoreFixtures.signIn(store, userID: "u1", tokens: original)

            let refreshed = StoreFixtures.makeTokens("refreshed")
            #expect(try await store.updateTokens(userID: "u1", from: original, to: refreshed, binding: StoreFixtures.binding).isDone)
            #expect(try await store.user(id: "u1")?.tokens.accessToken == refreshed.accessToken)

            // A second refresh that started from the original tokens lost the race.
            let late = StoreFixtures.makeTokens("late")
            let change = try await store.updateTokens(userID: "u1", from: original, to: late, binding: StoreFixtures.binding)
            #expect(change.newerAccessToken == refreshed.accessToken)
            #expect(try await store.user(id: "u1")?.tokens.accessToken == refreshed.accessToken)

            let gone = try await store.updateTokens(userID: "nobody", from: original, to: late, binding: StoreFixtures.binding)
            #expect(gone.isUserGone)
        }
    }

    @Test(arguments: Kind.allCases)
    func endUser_endsEverySessionButRemembersTheUserMustSignInAgain(kind: Kind) async throws {
        try await withStore(kind) { store, _ in
            let tokens = StoreFixtures.makeTokens()
            let session = SessionID.generate()
            try await StoreFixtures.signIn(store, userID: "u1", tokens: tokens, session: session)

            let stale = StoreFixtures.makeTokens("stale")
            #expect(try await store.endUser("u1", holding: stale).newerAccessToken == tokens.accessToken)
            #expect(try await store.user(id: "u1") != nil)

            #expect(try await store.endUser("u1", holding: tokens).isDone)
            #expect(try await store.user(id: "u1") == nil)
            #expect(try await store.user(forSession: session) == nil)
            #expect(try await store.hasEnded("u1"))
            #expect(try await store.userCount() == 0)

            // Signing in again clears the mark.
            try await StoreFixtures.signIn(store, userID: "u1")
            #expect(try await !store.hasEnded("u1"))
        }
    }

    @Test(arguments: Kind.allCases)
    func deleteUser_forgetsEverything_andSaysWhetherThereWasAnyone(kind: Kind) async throws {
        try await withStore(kind) { store, _ in
            let session = SessionID.generate()
            try await StoreFixtures.signIn(store, userID: "u1", session: session)
            try await StoreFixtures.signIn(store, userID: "u2")
            #expect(try await store.deleteUser("u1"))
            #expect(try await store.user(id: "u1") == nil)
            #expect(try await store.user(forSession: session) == nil)
            #expect(try await !store.hasEnded("u1"))
            #expect(try await !store.deleteUser("u1"))
            #expect(try await store.users().map(\.profile.id) == ["u2"])

            let tokens = try #require(try await store.user(id: "u2")?.tokens)
            _ = try await store.endUser("u2", holding: tokens)
            #expect(try await store.deleteUser("u2"))
            #expect(try await !store.hasEnded("u2"))
        }
    }
}
