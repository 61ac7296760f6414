import Testing
@testable import HTTPServer

@Suite struct CookiesTests {
    private static func request(cookies: String...) throws -> HTTPRequest {
        try parsedRequest(head("GET / HTTP/1.1", cookies.map { "Cookie: \($0)" }.joined(separator: "\r\n")))
    }

    @Test func parse_readsPairs_trimmingSpacesAndQuotes() throws {
        let request = try Self.request(cookies: "a=1; b=\"quoted value\";c = 3 ")
        #expect(Cookies.parse(request.headers).map(\.name) == ["a", "b", "c"])
        #expect(request.cookie("b") == "quoted value")
        #expect(request.cookie("c") == "3")
    }

    @Test func parse_readsEveryCookieField_andTheFirstOccurrenceWins() throws {
        let request = try Self.request(cookies: "sid=first; x=1", "sid=second")
        #expect(Cookies.parse(request.headers).count == 3)
        #expect(request.cookie("sid") == "first")
        #expect(request.cookie("x") == "1")
    }

    @Test func parse_skipsPairsWithoutEquals_orName() throws {
        let request = try Self.request(cookies: "junk; =v; ok=1; \"\"")
        #expect(Cookies.parse(request.headers).map(\.name) == ["ok"])
    }

    @Test func parse_keepsALoneQuote_andEqualsInsideTheValue() throws {
        let request = try Self.request(cookies: "a=\"; b=x=y")
        #expect(request.cookie("a") == "\"")
        #expect(request.cookie("b") == "x=y")
        #expect(request.cookie("missing") == nil)
    }

    @Test func parse_splitsOnSeparatorBytes_evenBeforeACombiningMark() throws {
        // U+0301 after `;` or `=` makes one Character with it; the bytes still separate.
        let request = try Self.request(cookies: "a=b;\u{301}c=d; e=\u{301}f")
        #expect(Cookies.parse(request.headers).map(\.name) == ["a", "\u{301}c", "e"])
        #expect(request.cookie("a") == "b")
        #expect(request.cookie("e") == "\u{301}f")
    }

    @Test func setCookie_defaultsToHttpOnlyLaxRootPath_andNotSecure() throws {
        let cookie = try #require(SetCookie(name: "sid", value: "abc", secure: false))
        #expect(cookie.headerValue == "sid=abc; Path=/; HttpOnly; SameSite=Lax")
    }

    @Test func setCookie_addsSecureAndMaxAge_whenAsked() throws {
        let cookie = try #require(SetCookie(name: "sid", value: "abc", secure: true, maxAge: 3600))
        #expect(cookie.headerValue == "sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax")
    }

    @Test(arguments: ["a;b", "a b", "a,b", "a\"b", "a\\b", "a\u{7F}", "ä", "a\r\nSet-Cookie: x=y"])
    func setCookie_refusesValue_outsideCookieOctets(_ value: String) {
        #expect(SetCookie(name: "sid", value: value, secure: true) == nil)
    }

    /// RFC 6265 §4.1.1: cookie-octet is 0x21, 0x23–0x2B, 0x2D–0x3A,
    /// 0x3C–0x5B and 0x5D–0x7E; a value with any other byte, at either end
    /// or inside a run longer than a vector, is refused.
    @Test func setCookie_takesExactlyTheCookieOctets() {
        let octets = [0x21...0x21, 0x23...0x2B, 0x2D...0x3A, 0x3C...0x5B, 0x5D...0x7E]
        let run = String(repeating: "v", count: 40)
        for byte in UInt8.min...UInt8.max {
            let isOctet = octets.contains { $0.contains(Int(byte)) }
            // A byte past ASCII decodes to U+FFFD, whose bytes are past ASCII too.
            for value in [[byte], Array(run.utf8) + [byte], [byte] + Array(run.utf8) + Array(run.utf8)] {
                let accepted = SetCookie(name: "sid", value: String(decoding: value, as: UTF8.self), secure: true) != nil
                #expect(accepted == isOctet, "byte \(byte)")
            }
        }
    }

    @Test(arguments: ["", "a b", "a=b", "a;b", "a\u{0}"])
    func setCookie_refusesName_thatIsNotAToken(_ name: String) {
        #expect(SetCookie(name: name, value: "v", secure: true) == nil)
    }

    /// A kind is checked once and then sets any number of values, each
    /// checked as it comes: the same cookie as one made at once.
    @Test func aKind_setsTheCookieOneMadeAtOnceWould_andStillChecksEachValue() throws {
        let kind = try #require(SetCookie.Kind(name: "sid", secure: true, maxAge: 600))
        #expect(kind.with(value: "abc") == SetCookie(name: "sid", value: "abc", secure: true, maxAge: 600))
        #expect(kind.with(value: "def")?.headerValue == "sid=def; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Lax")
        #expect(kind.with(value: "a;b") == nil)
        #expect(SetCookie.Kind(name: "a b", secure: true) == nil)
    }

    @Test func expired_clearsTheValue_withMaxAgeZero() {
        #expect(SetCookie.expired(name: "sid", secure: true).headerValue == "sid=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax")
    }

    @Test func setCookie_onAResponse_addsOneFieldPerCookie() throws {
        var response = HTTPResponse()
        response.setCookie(try #require(SetCookie(name: "a", value: "1", secure: true)))
        response.setCookie(try #require(SetCookie(name: "b", value: "2", secure: true)))
        #expect(response.headers.values("Set-Cookie").count == 2)
    }
}
