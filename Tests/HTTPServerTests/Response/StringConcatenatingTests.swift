import Testing
@testable import HTTPServer

@Suite struct StringConcatenatingTests {
    /// Whatever the pieces (empty, small enough to sit inline, on the heap,
    /// past ASCII), the result is the pieces joined, byte for byte.
    @Test func concatenating_joinsThePiecesInOrder() {
        let long = String(repeating: "x", count: 300)
        #expect(String(concatenating: "").isEmpty)
        #expect(String(concatenating: "a", "", "b") == "ab")
        #expect(String(concatenating: "&state=", long, "é€😀", "") == "&state=" + long + "é€😀")
        #expect(String(concatenating: long, "=", long).utf8.count == 601)
    }
}
