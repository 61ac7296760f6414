import Foundation
@testable import FrameAuth
import Testing

struct PendingLoginsTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// One binding cookie per browser the tests name.
    static let bindings: [String: BrowserBinding] = {
        let minter = try! BrowserBindings(key: Array(repeating: 7, count: 32), now: { now })
        return Dictionary(uniqueKeysWithValues: ["browser-a", "browser-b", "ada", "grace", "mallory"].map { name in
            (name, minter.mint(randomBytes: SecureRandom.bytes(count: 16)[...], at: now))
        })
    }()

    static func binding(_ name: String) -> BrowserBinding { bindings[name]! }

    static func attempt(binding: String = "browser-a", expiresIn: TimeInterval = 600, from address: String = "192.0.2.1") -> LoginAttempt {
        LoginAttempt(browserBinding: Self.binding(binding).digest, pkceVerifier: nil, nonce: nil, returnTo: "/",
                     expiresAt: now.addingTimeInterval(expiresIn), client: ClientBucket(address: address))
    }

    @Test func take_acceptsAStateOnce_fromItsBrowser() throws {
        let pending = PendingLogins()
        pending.register(state: "s1", attempt: Self.attempt(), now: Self.now)
        #expect(throws: Never.self) { try pending.take(state: "s1", browserBinding: Self.binding("browser-a"), now: Self.now).get() }
        #expect(pending.take(state: "s1", browserBinding: Self.binding("browser-a"), now: Self.now).failure == .unknown)
    }

    @Test func take_refusesAForeignBrowser_andUsesTheStateUp() {
        let pending = PendingLogins()
        pending.register(state: "s1", attempt: Self.attempt(), now: Self.now)
        #expect(pending.take(state: "s1", browserBinding: Self.binding("browser-b"), now: Self.now).failure == .foreignBrowser)
        #expect(pending.take(state: "s1", browserBinding: Self.binding("browser-a"), now: Self.now).failure == .unknown)
    }

    @Test func take_refusesAMissingBinding() {
        let pending = PendingLogins()
        pending.register(state: "s1", attempt: Self.attempt(), now: Self.now)
        #expect(pending.take(state: "s1", browserBinding: nil, now: Self.now).failure == .foreignBrowser)
    }

    @Test func take_refusesAnExpiredState() {
        let pending = PendingLogins()
        pending.register(state: "s1", attempt: Self.attempt(expiresIn: 600), now: Self.now)
        #expect(pending.take(state: "s1", browserBinding: Self.binding("browser-a"), now: Self.now.addingTimeInterval(601)).failure == .expired)
    }

    @Test func take_refusesMissingAndUnknownStates() {
        let pending = PendingLogins()
        #expect(pending.take(state: nil, browserBinding: Self.binding("browser-a"), now: Self.now).failure == .missing)
        #expect(pending.take(state: "", browserBinding: Self.binding("browser-a"), now: Self.now).failure == .missing)
        #expect(pending.take(state: "never-issued", browserBinding: Self.binding("browser-a"), now: Self.now).failure == .unknown)
    }

    @Test func register_dropsTheOldest_pastTheCapacity() {
        let pending = PendingLogins(capacity: 3)
        for index in 0..<5 {
            pending.register(state: "s\(index)", attempt: Self.attempt(from: "192.0.2.\(index)"), now: Self.now)
        }
        #expect(pending.count == 3)
        #expect(pending.take(state: "s0", browserBinding: Self.binding("browser-a"), now: Self.now).failure == .unknown)
        #expect(pending.take(state: "s4", browserBinding: Self.binding("browser-a"), now: Self.now).failure == nil)
    }

    /// A full table drops the oldest attempt even when it is the
    /// registering client's own, below that client's bound.
    @Test func aFullTable_dropsTheRegisteringClientsOwnOldest() {
        let pending = PendingLogins(capacity: 2, perClientCapacity: 3)
        for index in 0..<4 { pending.register(state: "s\(index)", attempt: Self.attempt(), now: Self.now) }
        #expect(pending.count == 2)
        #expect(pending.take(state: "s1", browserBinding: Self.binding("browser-a"), now: Self.now).failure == .unknown)
        #expect(pending.take(state: "s2", browserBinding: Self.binding("browser-a"), now: Self.now).failure == nil)
        #expect(pending.take(state: "s3", browserBinding: Self.binding("browser-a"), now: Self.now).failure == nil)
    }

    @Test func register_forgetsExpiredAttempts_asNewOnesArrive() {
        let pending = PendingLogins()
        pending.register(state: "old", attempt: Self.attempt(expiresIn: 600), now: Self.now)
        pending.register(state: "new", attempt: Self.attempt(expiresIn: 1200), now: Self.now.addingTimeInterval(601))
        #expect(pending.count == 1)
    }

    /// Issue 14, item 4: 10,000 /login requests from one client evicted
    /// everyone's attempts. A flood now only evicts the flooder's own.
    @Test func aFloodFromOneClient_cancelsNoOtherClientsSignIn() {
        let pending = PendingLogins()
        pending.register(state: "ada", attempt: Self.attempt(binding: "ada", from: "198.51.100.7"), now: Self.now)
        pending.register(state: "grace", attempt: Self.attempt(binding: "grace", from: "2001:db8:1:2::99"), now: Self.now)
        for index in 0..<10_000 {
            pending.register(state: "flood-\(index)", attempt: Self.attempt(binding: "mallory", from: "203.0.113.66"), now: Self.now)
        }
        // Addresses picked from one IPv6 /64 are one client too.
        for index in 0..<1_000 {
            pending.register(state: "v6-\(index)", attempt: Self.attempt(binding: "mallory", from: "2001:db8:6:6::\(String(index, radix: 16))"),
                             now: Self.now)
        }
        #expect(pending.count == 2 + 2 * pending.perClientCapacity)
        #expect(pending.take(state: "ada", browserBinding: Self.binding("ada"), now: Self.now).failure == nil)
        #expect(pending.take(state: "grace", browserBinding: Self.binding("grace"), now: Self.now).failure == nil)
        #expect(pending.take(state: "flood-0", browserBinding: Self.binding("mallory"), now: Self.now).failure == .unknown)
        #expect(pending.take(state: "flood-9999", browserBinding: Self.binding("mallory"), now: Self.now).failure == nil)
    }

    /// One client's attempts leave oldest first, whichever were taken
    /// meanwhile, through many rounds of its key list being compacted.
    @Test func aClientAtItsLimit_losesItsOldestAttempt_evenAfterTakesFromTheMiddle() {
        let pending = PendingLogins(perClientCapacity: 4)
        func register(_ state: String) { pending.register(state: state, attempt: Self.attempt(), now: Self.now) }
        func taken(_ state: String) -> StateRejection? { pending.take(state: state, browserBinding: Self.binding("browser-a"), now: Self.now).failure }
        for index in 0..<4 { register("s\(index)") }
        #expect(taken("s1") == nil)
        register("s4")
        register("s5")  // the client holds 4: s0 gives way
        #expect(taken("s0") == .unknown)
        #expect(taken("s2") == nil)
        for index in 6..<1_000 { register("s\(index)") }
        #expect(pending.count == 4)
        #expect(taken("s995") == .unknown)
        for index in 996..<1_000 { #expect(taken("s\(index)") == nil) }
        #expect(pending.count == 0)
    }

    @Test func register_staysBounded_underAFloodOfLogins() {
        let pending = PendingLogins(capacity: 100)
        for index in 0..<5_000 {
            pending.register(state: "s\(index)", attempt: Self.attempt(from: "10.0.\(index / 256).\(index % 256)"), now: Self.now)
            if index % 3 == 0 { _ = pending.take(state: "s\(index)", browserBinding: Self.binding("browser-a"), now: Self.now) }
        }
        #expect(pending.count <= 100)
        #expect(pending.take(state: "s4999", browserBinding: Self.binding("browser-a"), now: Self.now).failure == nil)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
