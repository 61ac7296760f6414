@testable import FrameAuth
import Testing

struct ReturnPathTests {
    @Test(arguments: ["/", "/dashboard", "/a/b?c=d&e=f", "/path#section", "/caf%C3%A9"])
    func validate_keepsLocalPaths(_ path: String) {
        #expect(ReturnPath.validate(path) == path)
    }

    @Test(arguments: [
        "https://evil.example/", "http:evil", "javascript:alert(1)", "//evil.example", "///evil.example",
        "/\\evil.example", "\\\\evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example",
        "/path\r\nSet-Cookie: x=1", "/path%0d%0aSet-Cookie:x", "/tab\there", "/nul%00", "relative/path", "", " /lead",
        "/%zz", "/a b",
    ])
    func validate_refusesAnythingThatLeavesTheSite(_ path: String) {
        #expect(ReturnPath.validate(path) == nil)
    }

    @Test func validate_refusesOverlongPaths() {
        #expect(ReturnPath.validate("/" + String(repeating: "a", count: SignInLimits.maxReturnPathBytes)) == nil)
    }
}
