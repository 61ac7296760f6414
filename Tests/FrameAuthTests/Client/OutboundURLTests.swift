import Testing
@testable import FrameAuth

@Suite struct OutboundURLTests {
    @Test(arguments: [
        "https://applications.frame.io/oauth2/token",
        "https://api.frame.io/v2/me",
        "http://127.0.0.1:8080/callback",
        "http://127.9.8.7/",
        "http://localhost:1/x",
        "http://LOCALHOST/",
        "http://[::1]:8080/",
    ])
    func init_acceptsHTTPS_orHTTPToLoopback(url: String) throws {
        #expect(try OutboundURL(url).string == url)
    }

    @Test(arguments: [
        "http://example.com/",
        "http://128.0.0.1/",
        "http://0.0.0.0/",
        "http://127.0.0.1.nip.io/",
        "http://localhost.example.com/",
        "http://[::2]/",
        "http://[::ffff:127.0.0.1]/",
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
        "applications.frame.io/oauth2/token",
        "https://user:password@example.com/",
        "",
    ])
    func init_refuses_anythingElse(url: String) {
        #expect {
            try OutboundURL(url)
        } throws: { error in
            guard case .invalidURL = error as? HTTPClientError else { return false }
            return true
        }
    }

    @Test func init_allowsOnlyHTTPForLoopbackHTTP_andOnlyHTTPSOtherwise() throws {
        #expect(try OutboundURL("http://127.0.0.1/").scheme == "http")
        #expect(try OutboundURL("https://127.0.0.1/").scheme == "https")
    }
}
