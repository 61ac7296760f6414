import Foundation
@testable import FrameAuth
import Testing

struct PendingLoginsTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func attempt(binding: String = "browser-a", expiresIn: TimeInterval = 600) -> LoginAttempt {
        LoginAttempt(browserBinding: SHA256.digest(Array(binding.utf8)), pkceVerifier: nil, returnTo: "/",
                     expiresAt: now.addingTimeInterval(expiresIn))
    }

    @Test func take_acceptsAStateOnce_fromItsBrowser() throws {
        let pending = PendingLogins()
        pending.register(state: "s1", attempt: Self.attempt(), now: Self.now)
        #expect(throws: Never.self) { try pending.take(state: "s1", browserBinding: "browser-a", now: Self.now).get() }
        #expect(pending.take(state: "s1", browserBinding: "browser-a", now: Self.now).failure == .unknown)
    }

    @Test func take_refusesAForeignBrowser_andUsesTheStateUp() {
        let pending = PendingLogins()
        pending.register(state: "s1", attempt: Self.attempt(), now: Self.now)
        #expect(pending.take(state: "s1", browserBinding: "browser-b", now: Self.now).failure == .foreignBrowser)
        #expect(pending.take(state: "s1", browserBinding: "browser-a", now: Self.now).failure == .unknown)
    }

    @Test func take_refusesAMissingBinding() {
        let pending = PendingLogins()
        pending.register(state: "s1", attempt: Self.attempt(), now: Self.now)
        #expect(pending.take(state: "s1", browserBinding: nil, now: Self.now).failure == .foreignBrowser)
    }

    @Test func take_refusesAnExpiredState() {
        let pending = PendingLogins()
        pending.register(state: "s1", attempt: Self.attempt(expiresIn: 600), now: Self.now)
        #expect(pending.take(state: "s1", browserBinding: "browser-a", now: Self.now.addingTimeInterval(601)).failure == .expired)
    }

    @Test func take_refusesMissingAndUnknownStates() {
        let pending = PendingLogins()
        #expect(pending.take(state: nil, browserBinding: "browser-a", now: Self.now).failure == .missing)
        #expect(pending.take(state: "", browserBinding: "browser-a", now: Self.now).failure == .missing)
        #expect(pending.take(state: "never-issued", browserBinding: "browser-a", now: Self.now).failure == .unknown)
    }

    @Test func register_dropsTheOldest_pastTheCapacity() {
        let pending = PendingLogins(capacity: 3)
        for index in 0..<5 {
            pending.register(state: "s\(index)", attempt: Self.attempt(), now: Self.now)
        }
        #expect(pending.count == 3)
        #expect(pending.take(state: "s0", browserBinding: "browser-a", now: Self.now).failure == .unknown)
        #expect(pending.take(state: "s4", browserBinding: "browser-a", now: Self.now).failure == nil)
    }

    @Test func register_forgetsExpiredAttempts_asNewOnesArrive() {
        let pending = PendingLogins()
        pending.register(state: "old", attempt: Self.attempt(expiresIn: 600), now: Self.now)
        pending.register(state: "new", attempt: Self.attempt(expiresIn: 1200), now: Self.now.addingTimeInterval(601))
        #expect(pending.count == 1)
    }

    @Test func register_staysBounded_underAFloodOfLogins() {
        let pending = PendingLogins(capacity: 100)
        for index in 0..<5_000 {
            pending.register(state: "s\(index)", attempt: Self.attempt(), now: Self.now)
            if index % 3 == 0 { _ = pending.take(state: "s\(index)", browserBinding: "browser-a", now: Self.now) }
        }
        #expect(pending.count <= 100)
        #expect(pending.take(state: "s4999", browserBinding: "browser-a", now: Self.now).failure == nil)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
