import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// CONTRACT §3: the code is exchanged once, never retried, however the
/// token endpoint fails, including on a kept-alive connection from an
/// earlier call, which libcurl by default resends a request on when the
/// connection dies before an answer ("Connection died, retrying a fresh
/// connect"). Both platforms: an IMS code is as single-use as a legacy one.
@Suite("Code exchanged once", .serialized) struct CodeExchangeOnceTests {
    @Test(arguments: [ProviderKind.legacy, .v4])
    func codeExchange_onAReusedConnectionThatIsReset_isSentOnce(_ provider: ProviderKind) async throws {
        let harness = try SignInHarness(provider: provider)
        // An earlier sign-in leaves a connection to the token endpoint's host open in libcurl's cache.
        _ = try await harness.signInOnOwnThread(TestBrowser(port: harness.port), code: "FIRST-CODE")
        #expect(harness.standIn.endpoint.connectionCount == 1, "the first sign-in's calls did not share one connection")

        harness.standIn.setTokenReply(.resetConnection)
        let browser = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(browser, code: "SECOND-CODE").status == 502)
        let exchanges = harness.standIn.tokenRequests.filter { $0.bodyText.contains("SECOND-CODE") }
        #expect(exchanges.count == 1, "the code went to the token endpoint \(exchanges.count) times")
        try SignInFailureTests.expectNothingStored(harness, browser)
        await harness.stop()
    }
}
