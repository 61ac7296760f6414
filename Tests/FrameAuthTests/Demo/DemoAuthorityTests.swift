import Foundation
@testable import FrameAuth
import HTTPServer
import Testing

/// The stand-in's authorization server rules, without sockets.
@Suite struct DemoAuthorityTests {
    static let redirectURI = "http://127.0.0.1:8080/callback"
    let clock = TestClock()
    let authority: DemoAuthority
    let pkce = PKCE()

    init() {
        authority = DemoAuthority(redirectURI: Self.redirectURI, openID: nil, now: clock.now)
    }

    func authorizeQuery(_ changes: [String: String] = [:]) -> FormParameters {
        var values = [
            "response_type": "code", "client_id": DemoMode.clientID, "redirect_uri": Self.redirectURI,
            "scope": "offline account.read", "state": "S", "code_challenge": pkce.challenge, "code_challenge_method": "S256",
        ]
        values.merge(changes) { $1 }
        return FormParameters(values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Begin, sign in as `email`, approve: the code from the redirect.
    func approvedCode(email: String = "ada@example.com") throws -> String {
        let signIn = try authority.begin(authorizeQuery()).get()
        _ = try #require(authority.signIn(signIn, email: email))
        let location = try #require(authority.decide(signIn, approve: true))
        #expect(location.hasPrefix(Self.redirectURI + "?code="))
        #expect(location.hasSuffix("&state=S"))
        return try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
    }

    func exchange(_ code: String, verifier: String? = nil, redirectURI: String = Self.redirectURI) -> Result<DemoAuthority.Grant, DemoAuthority.Refusal> {
        authority.exchange(FormParameters([
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("client_id", DemoMode.clientID), ("code_verifier", verifier ?? pkce.verifier),
        ]))
    }

    func refresh(_ token: String) -> Result<DemoAuthority.Grant, DemoAuthority.Refusal> {
        authority.refresh(FormParameters([("grant_type", "refresh_token"), ("refresh_token", token), ("client_id", DemoMode.clientID)]))
    }

    @Test(arguments: [
        ("client_id", "someone-else", "unauthorized_client"),
        ("redirect_uri", "http://127.0.0.1:8080/elsewhere", "invalid_request"),
        ("response_type", "token", "unsupported_response_type"),
        ("code_challenge_method", "plain", "invalid_request"),
    ])
    func begin_refusesWhatFrameIOWouldRefuse(name: String, value: String, error: String) {
        guard case .failure(let refusal) = authority.begin(authorizeQuery([name: value])) else {
            Issue.record("\(name)=\(value) was accepted")
            return
        }
        #expect(refusal.error == error)
    }

    @Test func code_isExchangedOnce() throws {
        let code = try approvedCode()
        let grant = try exchange(code).get()
        #expect(grant.expiresIn == 120)
        #expect(grant.scope == "offline account.read")
        #expect(authority.user(forAccessToken: grant.accessToken)?.email == "ada@example.com")
        #expect(throws: DemoAuthority.Refusal.self) { try exchange(code).get() }
    }

    @Test func code_withAWrongVerifier_isRefused_andUsedUp() throws {
        let code = try approvedCode()
        #expect(throws: DemoAuthority.Refusal.self) { try exchange(code, verifier: PKCE().verifier).get() }
        #expect(throws: DemoAuthority.Refusal.self) { try exchange(code).get() }
    }

    @Test func code_withAnotherRedirectURI_isRefused() throws {
        let code = try approvedCode()
        #expect(throws: DemoAuthority.Refusal.self) { try exchange(code, redirectURI: "http://127.0.0.1:8080/other").get() }
    }

    @Test func code_expiresAfterAMinute() throws {
        let code = try approvedCode()
        clock.advance(by: 61)
        #expect(throws: DemoAuthority.Refusal.self) { try exchange(code).get() }
    }

    @Test func deny_sendsAccessDeniedWithTheState_andUsesUpTheSignIn() throws {
        let signIn = try authority.begin(authorizeQuery()).get()
        _ = try #require(authority.signIn(signIn, email: "ada@example.com"))
        let location = try #require(authority.decide(signIn, approve: false))
        #expect(location == Self.redirectURI + "?error=access_denied&error_description=The+user+denied+the+request.&state=S")
        #expect(authority.decide(signIn, approve: true) == nil)
    }

    @Test func consent_beforeSigningIn_isRefused() throws {
        let signIn = try authority.begin(authorizeQuery()).get()
        #expect(authority.decide(signIn, approve: true) == nil)
    }

    @Test func refresh_rotatesTheRefreshToken() throws {
        let first = try exchange(try approvedCode()).get()
        let second = try refresh(first.refreshToken).get()
        #expect(second.accessToken != first.accessToken)
        #expect(second.refreshToken != first.refreshToken)
        #expect(throws: DemoAuthority.Refusal.self) { try refresh(first.refreshToken).get() }
        #expect(try refresh(second.refreshToken).get().accessToken != second.accessToken)
    }

    @Test func accessToken_stopsWorkingWhenItExpires() throws {
        let grant = try exchange(try approvedCode()).get()
        clock.advance(by: 119)
        #expect(authority.user(forAccessToken: grant.accessToken) != nil)
        clock.advance(by: 1)
        #expect(authority.user(forAccessToken: grant.accessToken) == nil)
    }

    @Test func sameEmail_isTheSameUser_inAnyCase() {
        #expect(DemoAuthority.user(email: "Ada@Example.com").id == DemoAuthority.user(email: "ada@example.com").id)
        #expect(DemoAuthority.user(email: "ada@example.com").id != DemoAuthority.user(email: "grace@example.com").id)
        #expect(DemoAuthority.user(email: "ada@example.com").name == "ada")
    }
}
