@testable import HTTPServer
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [("127.0.0.1", "127.0.0.1"), ("::1", "::1"), ("0:0::1", "::1"), ("::0001", "::1"),
                      ("2001:DB8::0:1", "2001:db8::1"), ("::ffff:10.0.0.1", "::ffff:10.0.0.1")])
    func everySpelling_printsInTheOneFormPeersAreReportedIn(literal: String, text: String) throws {
        #expect(try #require(IPAddress(literal)).text == text)
    }

    @Test(arguments: ["", "localhost", "[::1]", "127.0.0.1:80", "1.2.3", "256.0.0.1", " 10.0.0.1", "::1%lo", "1::2::3"])
    func namesBracketsPortsAndMalformedLiterals_areNotAddresses(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func anIPv4Address_keepsItsValueInHostOrder() {
        #expect(IPAddress("10.0.0.2") == .v4(0x0A00_0002))
        #expect(IPAddress("10.0.0.2")?.isV6 == false)
        #expect(IPAddress("::a00:2")?.isV6 == true)
    }

    @Test func loopbackIsAllOf127Slash8AndOnlyColonColon1() {
        #expect(IPAddress("127.255.0.9")?.isLoopback == true)
        #expect(IPAddress("::1")?.isLoopback == true)
        #expect(IPAddress("128.0.0.1")?.isLoopback == false)
        #expect(IPAddress("::2")?.isLoopback == false)
        #expect(IPAddress("::ffff:127.0.0.1")?.isLoopback == false)
    }

    @Test func wildcardIsTheAllZeroAddressOfEitherFamily() {
        #expect(IPAddress("0.0.0.0")?.isWildcard == true)
        #expect(IPAddress("::")?.isWildcard == true)
        #expect(IPAddress("0.0.0.1")?.isWildcard == false)
    }

    @Test func theSocketFormsCarryTheSameAddress() throws {
        let v4 = try #require(IPAddress("192.0.2.7"))
        #expect(IPAddress(v4.inAddr) == v4)
        let v6 = try #require(IPAddress("2001:db8::7"))
        #expect(IPAddress(v6.in6Addr) == v6)
    }
}
