import LoopbackClient
@testable import HTTPServer
import Testing

@Suite struct TrustedProxiesTests {
    static func headers(_ forwardedFor: String...) -> HTTPHeaders {
        HTTPHeaders(forwardedFor.map { ("X-Forwarded-For", $0) })
    }

    @Test func forwardedFor_fromAPeerNotTrusted_isIgnored() {
        let proxies = TrustedProxies(["10.0.0.2"])
        #expect(proxies.client(peer: "10.0.0.9", headers: Self.headers("203.0.113.7")) == "10.0.0.9")
        #expect(TrustedProxies().client(peer: "127.0.0.1", headers: Self.headers("203.0.113.7")) == "127.0.0.1")
    }

    @Test func forwardedFor_fromATrustedProxy_namesTheClient() {
        let proxies = TrustedProxies(["10.0.0.2"])
        #expect(proxies.client(peer: "10.0.0.2", headers: Self.headers("203.0.113.7")) == "203.0.113.7")
        #expect(proxies.client(peer: "10.0.0.2", headers: HTTPHeaders()) == "10.0.0.2")
    }

    @Test func theRightmostUntrustedHop_isTheClient_soAForgedPrefixIsNotBelieved() {
        let proxies = TrustedProxies(["10.0.0.2", "10.0.0.3"])
        let headers = Self.headers("198.51.100.66, 203.0.113.7", "10.0.0.3")
        #expect(proxies.client(peer: "10.0.0.2", headers: headers) == "203.0.113.7")
    }

    @Test func aHopThatIsNotAnAddress_fallsBackToThePeer() {
        let proxies = TrustedProxies(["10.0.0.2"])
        #expect(proxies.client(peer: "10.0.0.2", headers: Self.headers("203.0.113.7, unknown")) == "10.0.0.2")
    }

    @Test func addresses_compareInCanonicalForm() {
        let proxies = TrustedProxies(["0:0::1"])
        #expect(proxies.client(peer: "::1", headers: Self.headers("2001:DB8::0007")) == "2001:db8::7")
    }
}

extension Loopback {
    @Suite struct ForwardedFor {
        struct RemoteAddressResponder: HTTPResponder {
            func respond(to request: HTTPRequest) async -> HTTPResponse { .text(request.remoteAddress) }
        }

        static func remoteAddress(trusting proxies: [String]) async throws -> String {
            let server = try TestServer.make(responder: RemoteAddressResponder(), trustedProxies: proxies)
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: 203.0.113.7\r\nConnection: close\r\n\r\n")
            let text = try client.readResponse().text
            await server.stop()
            #expect(server.accessLog.contains("\"peer\":\"\(text)\""))
            return text
        }

        @Test func accessLogAndRequest_nameTheForwardedClient_onlyBehindATrustedProxy() async throws {
            #expect(try await Self.remoteAddress(trusting: []) == "127.0.0.1")
            #expect(try await Self.remoteAddress(trusting: ["127.0.0.1"]) == "203.0.113.7")
        }
    }
}
