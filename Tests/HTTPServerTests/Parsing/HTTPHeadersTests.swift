import Testing
@testable import HTTPServer

/// Header fields: names compare case-insensitively, `set` replaces every
/// field of its name, and nothing else is touched.
@Suite struct HTTPHeadersTests {
    @Test func names_compareByASCIICase_only() {
        #expect(HTTPHeaders.sameName("Content-Length", "content-LENGTH"))
        #expect(!HTTPHeaders.sameName("Content-Length", "Content-Lengt"))
        // '^' and '~' are both token characters one case bit apart: not a letter, not folded.
        #expect(!HTTPHeaders.sameName("X-^", "X-~"))
        #expect(HTTPHeaders.sameName("", "") && !HTTPHeaders.sameName("", "a"))
    }

    @Test func set_replacesEveryFieldOfThatName_inAnyCase_andKeepsTheOthers() {
        var headers = HTTPHeaders([("Set-Cookie", "a=1"), ("X-Other", "x"), ("set-cookie", "b=2")])
        headers.set("SET-COOKIE", "c=3")
        #expect(headers.fields.map(\.name) == ["X-Other", "SET-COOKIE"])
        #expect(headers["set-cookie"] == "c=3" && headers["x-other"] == "x")
    }

    @Test func set_ofANewName_appendsIt_andRemoveOfAnAbsentName_changesNothing() {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        let copy = headers
        headers.set("Cache-Control", "no-store")
        headers.remove("Expires")
        #expect(headers.fields.map(\.name) == ["Content-Type", "Cache-Control"])
        #expect(copy.fields.map(\.name) == ["Content-Type"], "a copy made before is its own")
        #expect(headers.count(of: "cache-control") == 1 && headers.values("CONTENT-TYPE") == ["application/json"])
    }
}
