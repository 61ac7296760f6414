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

    @Test(arguments: ["FRAMEAUTH_AUTHORIZE_URL", "FRAMEAUTH_TOKEN_URL", "FRAMEAUTH_USERINFO_URL"])
    func endpoint_withoutAClientID_isRefused_ratherThanIgnoredByTheDemo(variable: String) throws {
        #expect(try Self.keys([variable: "https://idp.example/x"]) == [variable])
    }
}
