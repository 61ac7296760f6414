import Testing
@testable import FrameAuth

/// With no client id FrameAuth runs its demo (CONTRACT §2), which must
/// never face a network and never stand in for a half-configured deployment.
@Suite struct DemoConfigurationTests {
    static func keys(_ environment: [String: String]) throws -> [String] {
        try ConfigurationSandbox.make().problems([], environment: environment).map(\.key)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.2", "::1"])
    func demo_onALoopbackAddress_starts(host: String) throws {
        #expect(try Self.keys(["FRAMEAUTH_HOST": host]).isEmpty)
    }

    @Test(arguments: ["0.0.0.0", "::", "192.168.1.10", "::ffff:127.0.0.1", "fd00::1"])
    func demo_onAnyOtherAddress_isRefused_namingTheFix(host: String) throws {
        let problems = try ConfigurationSandbox.make().problems([], environment: ["FRAMEAUTH_HOST": host])
        #expect(problems.map(\.key) == ["FRAMEAUTH_HOST"])
        #expect(problems.first?.message.contains("set CLIENT_ID") == true)
    }

    @Test func anyAddress_isFine_onceAClientIDIsSet() throws {
        #expect(try Self.keys(["FRAMEAUTH_HOST": "0.0.0.0", "CLIENT_ID": "app"]).isEmpty)
    }

    /// Issue 14, item 6: a production-shaped configuration without its
    /// CLIENT_ID started the demo, reachable through a proxy on the host.
    @Test(arguments: [
        ("REDIRECT_URI", "https://auth.example.com/callback"),
        ("FRAMEAUTH_API_KEY", "k3y-0123456789abcdef0123456789abcdef"),
        ("FRAMEAUTH_TRUSTED_PROXIES", "127.0.0.1"),
    ])
    func deploymentSetting_withoutAClientID_refusesTheDemo_namingTheSetting(variable: String, value: String) throws {
        let problems = try ConfigurationSandbox.make().problems([], environment: [variable: value])
        #expect(problems.map(\.key) == [variable])
        #expect(problems.first?.message.contains("set CLIENT_ID") == true)
    }

    @Test func aLoopbackHTTPRedirectURI_stillRunsTheDemo() throws {
        #expect(try Self.keys(["REDIRECT_URI": "http://127.0.0.1:8080/callback"]).isEmpty)
    }

    @Test(arguments: ["FRAMEAUTH_AUTHORIZE_URL", "FRAMEAUTH_TOKEN_URL", "FRAMEAUTH_USERINFO_URL", "FRAMEAUTH_ISSUER", "FRAMEAUTH_JWKS_URL", "FRAMEAUTH_REVOCATION_URL"])
    func endpoint_withoutAClientID_isRefused_ratherThanIgnoredByTheDemo(variable: String) throws {
        #expect(try Self.keys([variable: "https://idp.example/x"]) == [variable])
    }
}
