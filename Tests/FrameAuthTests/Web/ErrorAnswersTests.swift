import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// Every error is answered in its route group's form: a page for a
/// browser, JSON for the integrator API and `/session`.
@Suite("Error answers", .serialized) struct ErrorAnswersTests {
    @Test func aBrowsersUnknownPathOrWrongMethod_getsAPage_withTheSecurityHeaders() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        let missing = try browser.get("/no-such-page")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(missing.header("Content-Security-Policy") != nil)
        #expect(missing.text.contains("<h1>Not Found</h1>"))
        let wrongMethod = try browser.post("/session", form: "")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, HEAD")
        await harness.stop()
    }

    @Test func theAPIsUnknownPath_andSessionWithoutASignIn_answerJSON_neverCached() async throws {
        let harness = try SignInHarness()
        let missing = try harness.api("/api/nothing-here")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/json")
        #expect(missing.header("Cache-Control") == "no-store")
        #expect(missing.text == #"{"error":"not_found"}"#)
        let session = try TestBrowser(port: harness.port).get("/session")
        #expect(session.status == 401)
        #expect(session.text == #"{"error":"unauthorized"}"#)
        #expect(session.header("Cache-Control") == "no-store")
        await harness.stop()
    }

    @Test func aRefusedCallback_isAPage_neverCached() async throws {
        let harness = try SignInHarness()
        let refused = try TestBrowser(port: harness.port).get(harness.callbackTarget(code: "C", state: "never-issued"))
        #expect(refused.status == 400)
        #expect(refused.header("Cache-Control") == "no-store")
        #expect(refused.text.contains("This sign-in was not started here"))
        #expect(!refused.text.contains("never-issued"))
        await harness.stop()
    }
}
