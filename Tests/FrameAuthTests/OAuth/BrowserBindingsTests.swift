import Foundation
@testable import FrameAuth
import Testing

/// Issue 14, item 10: /login adopted any well-shaped binding cookie the
/// browser sent, so a value planted by someone else was taken as ours.
@Suite struct BrowserBindingsTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_800_000_000)
    }

    static let key = Array(repeating: UInt8(9), count: 32)

    @Test func aBindingItMade_isTakenBack_untilItIsTooOld() throws {
        let clock = Clock()
        let bindings = try BrowserBindings(key: Self.key, now: { clock.now })
        let minted = bindings.mint(randomBytes: SecureRandom.bytes(count: 16)[...], at: clock.now)
        #expect(bindings.reusable(minted.cookieValue)?.digest == minted.digest)
        clock.now += SignInLimits.stateLifetime.seconds - 1
        #expect(bindings.reusable(minted.cookieValue) != nil)
        clock.now += 2
        // No longer reused for a new attempt, but still good for the callback of the last one.
        #expect(bindings.reusable(minted.cookieValue) == nil)
        #expect(bindings.presented(minted.cookieValue) != nil)
        clock.now += SignInLimits.stateLifetime.seconds
        #expect(bindings.presented(minted.cookieValue) == nil)
    }

    @Test func aValueItDidNotMake_isNeverTaken() throws {
        let bindings = try BrowserBindings(key: Self.key, now: Date.init)
        let elsewhere = try BrowserBindings(key: Array(repeating: 1, count: 32), now: Date.init)
        let foreign = elsewhere.mint(randomBytes: SecureRandom.bytes(count: 16)[...], at: Date()).cookieValue
        var tampered = Array(bindings.mint(randomBytes: SecureRandom.bytes(count: 16)[...], at: Date()).cookieValue.utf8)
        tampered[20] = tampered[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        for value in [SecureRandom.token(), foreign, String(decoding: tampered, as: UTF8.self), "", String(repeating: "A", count: 4096)] {
            #expect(bindings.reusable(value) == nil, "\(value.prefix(20))")
            #expect(bindings.presented(value) == nil, "\(value.prefix(20))")
        }
    }

    /// A sign-in begun just before the encryption key changed can finish.
    @Test func aBindingMadeWithAPreviousKey_isTaken_whileThatKeyIsListed_andMadeAnewWithTheCurrentOne() throws {
        let newKey = Array(repeating: UInt8(2), count: 32)
        let before = try BrowserBindings(key: Self.key, now: Date.init).mint(randomBytes: SecureRandom.bytes(count: 16)[...], at: Date())
        let rotated = BrowserBindings(keys: try KeyRing(current: newKey, previous: [Self.key]), now: Date.init)
        #expect(rotated.presented(before.cookieValue)?.digest == before.digest)
        #expect(try BrowserBindings(key: newKey, now: Date.init).presented(before.cookieValue) == nil)

        let made = rotated.mint(randomBytes: SecureRandom.bytes(count: 16)[...], at: Date())
        #expect(try BrowserBindings(key: newKey, now: Date.init).presented(made.cookieValue) != nil)
        #expect(try BrowserBindings(key: Self.key, now: Date.init).presented(made.cookieValue) == nil)
    }

    @Test func login_givesAFreshBinding_toABrowserThatPlantedItsOwn() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        let planted = SecureRandom.token()
        browser.setCookie("frameauth_login", planted)
        let login = try browser.get("/login")
        #expect(login.status == 302)
        let issued = try #require(browser.cookies["frameauth_login"])
        #expect(issued != planted)
        // The minted one is reused by the next sign-in, so two tabs can sign in at once.
        _ = try browser.get("/login")
        #expect(browser.cookies["frameauth_login"] == issued)
        await harness.stop()
    }
}
