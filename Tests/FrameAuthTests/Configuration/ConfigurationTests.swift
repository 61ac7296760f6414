import Testing
@testable import FrameAuth

@Suite struct ConfigurationTests {
    static func make(redirectURI: String? = nil, host: String = "127.0.0.1") -> Configuration {
        var configuration = Configuration()
        configuration.redirectURI = redirectURI
        configuration.host = host
        return configuration
    }

    @Test func redirectURI_defaultsToLoopbackCallback_onTheBoundPort() {
        #expect(Self.make().redirectURI(boundPort: 54321) == "http://127.0.0.1:54321/callback")
        #expect(Self.make(host: "0.0.0.0").redirectURI(boundPort: 8080) == "http://127.0.0.1:8080/callback")
        #expect(Self.make(host: "::1").redirectURI(boundPort: 8080) == "http://[::1]:8080/callback")
        #expect(Self.make().callbackPath == "/callback")
    }

    @Test func redirectURI_configured_isUsedAsIs_andItsPathIsTheCallbackRoute() {
        let configuration = Self.make(redirectURI: "https://auth.example.com/oauth/frameio?tenant=1")
        #expect(configuration.redirectURI(boundPort: 1234) == "https://auth.example.com/oauth/frameio?tenant=1")
        #expect(configuration.callbackPath == "/oauth/frameio")
    }

    @Test func isConfidential_followsTheSecret_isDemo_followsTheClientID() {
        var configuration = Configuration()
        #expect(configuration.isDemo && !configuration.isConfidential)
        configuration.clientID = "app"
        configuration.clientSecret = "s"
        #expect(!configuration.isDemo && configuration.isConfidential)
    }

    @Test func pkce_defaultsToTrueWithoutASecret_andFalseWithOne() throws {
        let sandbox = try ConfigurationSandbox.make()
        #expect(try sandbox.loaded(environment: ["CLIENT_ID": "app"]).configuration.pkce)
        #expect(try !sandbox.loaded(environment: ["CLIENT_ID": "app", "CLIENT_SECRET": "s"]).configuration.pkce)
        #expect(try sandbox.loaded(["--pkce"], environment: ["CLIENT_ID": "app", "CLIENT_SECRET": "s"]).configuration.pkce)
    }
}
