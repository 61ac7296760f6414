import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// The whole sign-in over real sockets, with a real libcurl call to a
/// token endpoint on loopback. Serialized: the raw client blocks a thread.
@Suite("Sign-in", .serialized) struct SignInFlowTests {
    @Test func confidentialApp_signsIn_withBasicAuthAndNoVerifier() async throws {
        let harness = try SignInHarness(kind: .confidential)
        let browser = TestBrowser(port: harness.port)
        let login = try browser.get("/login")
        let location = try #require(login.header("Location"))
        let query = TestBrowser.query(of: location)
        #expect(location.hasPrefix("https://applications.frame.io/oauth2/auth?"))
        #expect(query["client_id"] == SignInHarness.clientID)
        #expect(query["redirect_uri"] == "http://127.0.0.1:\(harness.port)/callback")
        #expect(query["code_challenge"] == nil)
        #expect((query["state"] ?? "").count >= 43)

        let callback = try browser.get("/callback?code=THE-CODE&state=\(query["state"]!)")
        #expect(callback.status == 303)
        #expect(callback.header("Location") == "/")
        #expect(callback.header("Cache-Control") == "no-store")

        let token = try #require(harness.standIn.tokenRequests.first)
        let credentials = Data("\(SignInHarness.clientID):\(SignInHarness.clientSecret)".utf8).base64EncodedString()
        #expect(token.header("Authorization") == "Basic \(credentials)")
        let form = try FormParametersTestView(token.bodyText)
        #expect(form["grant_type"] == "authorization_code")
        #expect(form["code"] == "THE-CODE")
        #expect(form["redirect_uri"] == "http://127.0.0.1:\(harness.port)/callback")
        #expect(form["code_verifier"] == nil)
        #expect(form["client_secret"] == nil)
        #expect(harness.standIn.identityRequests.first?.header("Authorization") == "Bearer \(FrameIOStandIn.accessToken(1))")

        let session = try browser.get("/session")
        #expect(session.status == 200)
        #expect(session.header("Cache-Control") == "no-store")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(session.body)) as? [String: Any])
        let user = try #require(json["user"] as? [String: Any])
        #expect(user["id"] as? String == FrameIOStandIn.userID)
        #expect(user["email"] as? String == FrameIOStandIn.email)
        #expect(json["scope"] as? String == "offline account.read asset.read")
        #expect(json["expires_at"] as? String == "2025-06-15T16:06:40Z")
        #expect(!session.text.contains(FrameIOStandIn.accessTokenPrefix) && !session.text.contains(FrameIOStandIn.refreshTokenPrefix))

        let landing = try browser.get("/")
        #expect(landing.text.contains("Ada &lt;Lovelace&gt;"))
        await harness.stop()
    }

    @Test func pkceApp_signsIn_withClientIDAndVerifier_andNoAuthorizationHeader() async throws {
        let harness = try SignInHarness(kind: .pkce)
        let browser = TestBrowser(port: harness.port)
        let location = try #require(try browser.get("/login").header("Location"))
        let query = TestBrowser.query(of: location)
        #expect(query["code_challenge_method"] == "S256")
        let challenge = try #require(query["code_challenge"])
        #expect(try browser.get("/callback?code=C&state=\(query["state"]!)").status == 303)

        let token = try #require(harness.standIn.tokenRequests.first)
        #expect(token.header("Authorization") == nil)
        let form = try FormParametersTestView(token.bodyText)
        #expect(form["client_id"] == SignInHarness.clientID)
        let verifier = try #require(form["code_verifier"])
        #expect((43...128).contains(verifier.count))
        #expect(PKCE(verifier: verifier)?.challenge == challenge)
        await harness.stop()
    }

    @Test func confidentialAppWithPKCE_sendsBasicAuthAndTheVerifier() async throws {
        let harness = try SignInHarness(kind: .confidentialWithPKCE)
        let browser = TestBrowser(port: harness.port)
        #expect(try harness.signIn(browser).status == 303)
        let token = try #require(harness.standIn.tokenRequests.first)
        #expect(token.header("Authorization")?.hasPrefix("Basic ") == true)
        #expect(try FormParametersTestView(token.bodyText)["code_verifier"] != nil)
        await harness.stop()
    }

    /// Issue 14, item 10: the redirects carried no Referrer-Policy, so the
    /// request the browser made next could name the address it came from.
    @Test func loginAndCallbackRedirects_sendNoReferrer_andAreNotCached() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        let login = try browser.get("/login?return_to=/private")
        let location = try #require(login.header("Location"))
        let state = try #require(TestBrowser.query(of: location)["state"])
        let callback = try browser.get("/callback?code=C&state=\(state)")
        let signOut = try browser.request("POST", "/logout", headers: [("Origin", "null")])
        for (name, response) in [("login", login), ("callback", callback), ("logout", signOut)] {
            #expect(response.header("Referrer-Policy") == "no-referrer", "\(name)")
            #expect(response.header("Cache-Control") == "no-store", "\(name)")
        }
        await harness.stop()
    }

    @Test func returnTo_isHonoured_forALocalPath() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        #expect(try harness.signIn(browser, returnTo: "/projects%3Fsort%3Dnew").header("Location") == "/projects?sort=new")
        await harness.stop()
    }

    @Test(arguments: ["//evil.example", "https://evil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "%2F%2Fevil.example", "/%0d%0aSet-Cookie:x=1"])
    func returnTo_fallsBackToTheRoot_forAnythingElse(_ returnTo: String) async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        #expect(try harness.signIn(browser, returnTo: returnTo).header("Location") == "/")
        await harness.stop()
    }

    @Test func signingInAgain_givesANewSession_andEndsTheOldOne() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        _ = try harness.signIn(browser)
        let first = try #require(browser.cookies["frameauth_session"])
        _ = try harness.signIn(browser)
        let second = try #require(browser.cookies["frameauth_session"])
        #expect(first != second)
        let oldCookie = try RawClient(port: harness.port)
        try oldCookie.send("GET /session HTTP/1.1\r\nHost: t\r\nCookie: frameauth_session=\(first)\r\n\r\n")
        #expect(try oldCookie.readResponse().status == 401)
        #expect(try browser.get("/session").status == 200)
        await harness.stop()
    }

    @Test func logout_endsTheSession_andClearsTheCookie() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        _ = try harness.signIn(browser)
        let cookie = try #require(browser.cookies["frameauth_session"])
        let foreign = try browser.request("POST", "/logout", headers: [("Origin", "https://evil.example")])
        #expect(foreign.status == 403)
        #expect(try browser.get("/session").status == 200)
        let logout = try browser.request("POST", "/logout", headers: [("Origin", "http://127.0.0.1:\(harness.port)")])
        #expect(logout.status == 303 && logout.header("Location") == "/")
        #expect(browser.cookies["frameauth_session"] == nil)
        let replay = try RawClient(port: harness.port)
        try replay.send("GET /session HTTP/1.1\r\nHost: t\r\nCookie: frameauth_session=\(cookie)\r\n\r\n")
        #expect(try replay.readResponse().status == 401)
        await harness.stop()
    }

    @Test func logout_fromOurOwnPage_acceptsTheNullOriginThatNoReferrerMakesBrowsersSend() async throws {
        // Chromium and Firefox send `Origin: null` for a same-origin form POST
        // from a page with `Referrer-Policy: no-referrer`, which every page here has.
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        _ = try harness.signIn(browser)
        let crossSite = try browser.request("POST", "/logout", headers: [("Origin", "null"), ("Sec-Fetch-Site", "cross-site")])
        #expect(crossSite.status == 403)
        let sameSite = try browser.request("POST", "/logout", headers: [("Origin", "null"), ("Sec-Fetch-Site", "same-site")])
        #expect(sameSite.status == 403)
        #expect(try browser.get("/session").status == 200)
        let ownButton = try browser.request("POST", "/logout", headers: [("Origin", "null"), ("Sec-Fetch-Site", "same-origin")])
        #expect(ownButton.status == 303 && ownButton.header("Location") == "/")
        #expect(try browser.get("/session").status == 401)
        await harness.stop()
    }

    @Test func restart_keepsTheUserAndTheBrowsersSession() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        _ = try harness.signIn(browser)
        try await harness.restart()
        let again = TestBrowser(port: harness.port)
        for (name, value) in browser.cookies { again.setCookie(name, value) }
        let session = try again.get("/session")
        #expect(session.status == 200)
        #expect(session.text.contains(FrameIOStandIn.userID))
        await harness.stop()
    }

    @Test func landingPage_offersSignIn_withoutASession() async throws {
        let harness = try SignInHarness()
        let landing = try TestBrowser(port: harness.port).get("/")
        #expect(landing.status == 200)
        #expect(landing.text.contains("href=\"/login\""))
        #expect(landing.header("Content-Security-Policy") != nil)
        #expect(try TestBrowser(port: harness.port).get("/session").status == 401)
        await harness.stop()
    }
}

/// Form bodies as the fake endpoint received them.
struct FormParametersTestView {
    private let values: [String: String]
    init(_ body: String) throws {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            values[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        self.values = values
    }
    subscript(name: String) -> String? { values[name] }
}
