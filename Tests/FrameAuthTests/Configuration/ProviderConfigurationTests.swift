import Testing
@testable import FrameAuth

/// `provider` and what it sets (CONTRACT §7): V4 by default, legacy on
/// request, every default overridable, and the report showing the result.
@Suite struct ProviderConfigurationTests {
    @Test func noProvider_meansV4_withAdobeIMSEndpointsAndOpenIDScopes() throws {
        let configuration = try ConfigurationSandbox.make().loaded(environment: ["CLIENT_ID": "app"]).configuration
        #expect(configuration.provider == .v4)
        #expect(configuration.authorizeURL == "https://ims-na1.adobelogin.com/ims/authorize/v2")
        #expect(configuration.tokenURL == "https://ims-na1.adobelogin.com/ims/token/v3")
        #expect(configuration.userinfoURL == "https://api.frame.io/v4/me")
        #expect(configuration.scopes == "openid email profile offline_access additional_info.roles")
        #expect(configuration.issuer == "https://ims-na1.adobelogin.com")
        #expect(configuration.jwksURL == "https://ims-na1.adobelogin.com/ims/keys")
        #expect(configuration.revocationURL == "https://ims-na1.adobelogin.com/ims/revoke")
    }

    @Test func legacyProvider_hasFrameIOsV2Endpoints_andNoIssuerKeysOrRevocation() throws {
        let configuration = try ConfigurationSandbox.make()
            .loaded(["--provider", "frameio-legacy"], environment: ["CLIENT_ID": "app"]).configuration
        #expect(configuration.provider == .legacy)
        #expect(configuration.authorizeURL == "https://applications.frame.io/oauth2/auth")
        #expect(configuration.tokenURL == "https://applications.frame.io/oauth2/token")
        #expect(configuration.userinfoURL == "https://api.frame.io/v2/me")
        #expect(configuration.scopes == "offline account.read asset.read")
        #expect(configuration.issuer.isEmpty && configuration.jwksURL.isEmpty && configuration.revocationURL.isEmpty)
    }

    @Test func providerDefaults_giveWayToEachSettingGiven() throws {
        let sandbox = try ConfigurationSandbox.make(files: ["frameauth.json": #"{"provider": "frameio-legacy", "token_url": "https://staging.example/token"}"#])
        let configuration = try sandbox.loaded(["--config", "frameauth.json"], environment: [
            "CLIENT_ID": "app", "FRAMEAUTH_REVOCATION_URL": "https://staging.example/revoke",
        ]).configuration
        #expect(configuration.provider == .legacy)
        #expect(configuration.tokenURL == "https://staging.example/token")
        #expect(configuration.authorizeURL == "https://applications.frame.io/oauth2/auth")
        #expect(configuration.revocationURL == "https://staging.example/revoke")
    }

    @Test func anEmptyRevocationURL_turnsRevocationOff_fromTheEnvironmentToo() throws {
        let configuration = try ConfigurationSandbox.make()
            .loaded(environment: ["CLIENT_ID": "app", "FRAMEAUTH_REVOCATION_URL": ""]).configuration
        #expect(configuration.revocationURL.isEmpty)
        #expect(configuration.displayValue(of: .revocationURL).hasPrefix("none"))
    }

    @Test func anUnknownProvider_isOneProblem_namingBothChoices() throws {
        let problems = try ConfigurationSandbox.make().problems(environment: ["CLIENT_ID": "app", "FRAMEAUTH_PROVIDER": "frameio-v3"])
        #expect(problems.count == 1)
        #expect(problems.first?.key == "FRAMEAUTH_PROVIDER")
        #expect(problems.first?.message.contains("frameio-v4 or frameio-legacy") == true)
    }

    @Test func openIDScopes_withoutAnIssuerOrKeys_areProblems() throws {
        let problems = try ConfigurationSandbox.make().problems(environment: [
            "CLIENT_ID": "app", "FRAMEAUTH_PROVIDER": "frameio-legacy", "SCOPES": "openid offline",
        ])
        #expect(Set(problems.map(\.key)) == ["issuer", "jwks_url"])
    }

    @Test func anIssuerOverPlainHTTP_toARemoteHost_isAProblem() throws {
        let problems = try ConfigurationSandbox.make().problems(environment: ["CLIENT_ID": "app", "FRAMEAUTH_ISSUER": "http://ims.example"])
        #expect(problems.map(\.key) == ["FRAMEAUTH_ISSUER"])
    }

    @Test func report_showsTheProvider_andEveryEffectiveURL() throws {
        let report = ConfigurationReport(try ConfigurationSandbox.make().loaded(environment: ["CLIENT_ID": "app"])).text
        for expected in ["frameio-v4", "https://ims-na1.adobelogin.com/ims/authorize/v2", "https://ims-na1.adobelogin.com/ims/token/v3",
                         "https://api.frame.io/v4/me", "https://ims-na1.adobelogin.com/ims/keys", "https://ims-na1.adobelogin.com/ims/revoke"] {
            #expect(report.contains(expected), "\(expected)")
        }
    }
}
