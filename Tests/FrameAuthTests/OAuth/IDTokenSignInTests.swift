import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// The id_token of a V4 sign-in, checked before anything is stored
/// (CONTRACT §7), with the key set fetched from IMS as FrameAuth needs it.
@Suite("V4 id_token", .serialized) struct IDTokenSignInTests {
    /// What the log line of a refused sign-in names, for each fault: the rule it broke.
    static func reason(_ fault: IMSStandIn.Variant) -> String {
        switch fault {
        case .missing: "no id_token"
        case .algNone: "alg none"
        case .otherAlgorithm: "alg RS384"
        case .badSignature, .tamperedPayload: "signature"
        case .unknownKeyID: "ims-key-nobody-published"
        case .wrongIssuer: "iss"
        case .wrongAudience: "aud"
        case .wrongNonce, .noNonce: "nonce"
        case .expired: "exp"
        case .issuedInTheFuture: "iat"
        case .valid, .expiredWithinLeeway, .issuedWithinLeewayAhead, .audienceList: "(not a fault)"
        }
    }

    @Test(arguments: IMSStandIn.Variant.faults)
    func idTokenFault_gets502_storesNothing_andLogsTheReasonButNotTheToken(_ fault: IMSStandIn.Variant) async throws {
        let harness = try SignInHarness(provider: .v4)
        let ims = try #require(harness.standIn.ims)
        ims.setVariant(fault)
        let browser = TestBrowser(port: harness.port)
        let response = try await harness.signInOnOwnThread(browser)
        #expect(response.status == 502)
        #expect(response.text.contains("Nothing was saved"))
        #expect(response.header("Cache-Control") == "no-store")
        #expect(harness.standIn.tokenRequests.count == 1)  // the code is never exchanged twice
        try SignInFailureTests.expectNothingStored(harness, browser)
        #expect(try V4SignInTests.users(harness).isEmpty)
        #expect(try harness.api("/api/users/\(FrameIOStandIn.v4UserID)/token").status == 404)
        #expect(ims.issuedIDTokens.count == (fault == .missing ? 0 : 1))
        let log = harness.logText
        let refusal = log.split(separator: "\n").filter { $0.contains("sign-in failed") }
        #expect(refusal.count == 1 && refusal.allSatisfy { $0.contains(Self.reason(fault)) }, "the log does not say why: \(refusal)")
        for token in ims.issuedIDTokens {
            for part in token.split(separator: ".") where part.count > 40 {
                #expect(!log.contains(part), "the log holds part of the id_token")
            }
        }
        #expect(!log.contains(FrameIOStandIn.accessTokenPrefix) && !log.contains(FrameIOStandIn.refreshTokenPrefix))
        await harness.stop()
    }

    @Test(arguments: IMSStandIn.Variant.tolerated)
    func idTokenWithinTheRules_signsIn(_ variant: IMSStandIn.Variant) async throws {
        let harness = try SignInHarness(provider: .v4)
        try #require(harness.standIn.ims).setVariant(variant)
        let browser = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(browser).status == 303)
        #expect(try browser.get("/session").status == 200)
        await harness.stop()
    }

    @Test func keySet_isFetchedAtTheFirstSignIn_andOnlyOnceOverThree() async throws {
        let harness = try SignInHarness(provider: .v4)
        #expect(harness.standIn.keySetRequests.isEmpty)
        for number in 1...3 {
            #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port), code: "CODE-\(number)").status == 303)
        }
        #expect(harness.standIn.keySetRequests.count == 1)
        let fetch = try #require(harness.standIn.keySetRequests.first)
        #expect(fetch.method == "GET")
        #expect(fetch.header("Authorization") == nil)
        await harness.stop()
    }

    @Test func rotatedSigningKey_fetchesTheKeySetOnceMore_andSignsIn() async throws {
        let harness = try SignInHarness(provider: .v4)
        let ims = try #require(harness.standIn.ims)
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port), code: "CODE-1").status == 303)
        try ims.rotateKey()
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port), code: "CODE-2").status == 303)
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port), code: "CODE-3").status == 303)
        #expect(harness.standIn.keySetRequests.count == 2)
        await harness.stop()
    }

    @Test func unknownKeyID_refetchesTheKeySetAtMostOnce_thenFails() async throws {
        let harness = try SignInHarness(provider: .v4)
        let ims = try #require(harness.standIn.ims)
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port), code: "CODE-0").status == 303)
        ims.setVariant(.unknownKeyID)
        for number in 1...3 {
            #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port), code: "CODE-\(number)").status == 502)
        }
        // One more fetch, for the first unknown kid; then rate-limited: a stream of tokens
        // naming unknown keys does not turn into a stream of fetches.
        #expect(harness.standIn.keySetRequests.count == 2)
        #expect(try V4SignInTests.users(harness).count == 1)
        await harness.stop()
    }

    @Test func unreachableKeySet_gets502_andStoresNothing() async throws {
        let harness = try SignInHarness(provider: .v4) { $0.jwksURL = "http://127.0.0.1:1/keys" }
        let browser = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(browser).status == 502)
        try SignInFailureTests.expectNothingStored(harness, browser)
        #expect(try V4SignInTests.users(harness).isEmpty)
        await harness.stop()
    }
}
