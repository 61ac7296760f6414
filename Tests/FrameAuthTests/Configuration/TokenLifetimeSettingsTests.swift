import Testing
@testable import FrameAuth

/// `refresh_skew_seconds` and `refresh_token_lifetime_days` (issue 4: the
/// skew and the refresh token's life are configurable).
@Suite struct TokenLifetimeSettingsTests {
    @Test func defaults_are60Seconds_andTheProvidersRefreshTokenLife() throws {
        let sandbox = try ConfigurationSandbox.make()
        let v4 = try sandbox.loaded(environment: ["CLIENT_ID": "app"]).configuration
        #expect(v4.refreshSkewSeconds == 60)
        #expect(v4.refreshTokenLifetimeDays == 14)
        let legacy = try sandbox.loaded(environment: ["CLIENT_ID": "app", "FRAMEAUTH_PROVIDER": "frameio-legacy"]).configuration
        #expect(legacy.refreshTokenLifetimeDays == 30)
        let overridden = try sandbox.loaded(
            environment: ["CLIENT_ID": "app", "FRAMEAUTH_PROVIDER": "frameio-legacy", "FRAMEAUTH_REFRESH_TOKEN_LIFETIME_DAYS": "7"]
        ).configuration
        #expect(overridden.refreshTokenLifetimeDays == 7)
    }

    @Test func environmentAndFlags_setThem_flagsWinning() throws {
        let sandbox = try ConfigurationSandbox.make()
        let environment = ["CLIENT_ID": "app", "FRAMEAUTH_REFRESH_SKEW_SECONDS": "120", "FRAMEAUTH_REFRESH_TOKEN_LIFETIME_DAYS": "21"]
        let fromEnvironment = try sandbox.loaded(environment: environment).configuration
        #expect(fromEnvironment.refreshSkewSeconds == 120)
        #expect(fromEnvironment.refreshTokenLifetimeDays == 21)
        let fromFlag = try sandbox.loaded(["--refresh-skew-seconds", "30"], environment: environment).configuration
        #expect(fromFlag.refreshSkewSeconds == 30)
    }

    @Test(arguments: [("FRAMEAUTH_REFRESH_SKEW_SECONDS", "3601"), ("FRAMEAUTH_REFRESH_SKEW_SECONDS", "-1"),
                      ("FRAMEAUTH_REFRESH_TOKEN_LIFETIME_DAYS", "0"), ("FRAMEAUTH_REFRESH_TOKEN_LIFETIME_DAYS", "soon")])
    func outOfRangeValues_areProblems(name: String, value: String) throws {
        let problems = try ConfigurationSandbox.make().problems(environment: ["CLIENT_ID": "app", name: value])
        #expect(problems.map(\.key) == [name])
    }
}
