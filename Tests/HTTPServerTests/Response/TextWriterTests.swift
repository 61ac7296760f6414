import Testing
@testable import HTTPServer

@Suite struct TextWriterTests {
    /// Whatever the pieces (empty, small enough to sit inline, on the heap,
    /// past ASCII), the result is the pieces joined, byte for byte.
    @Test func string_joinsThePiecesInOrder() {
        let long = String(repeating: "x", count: 300)
        #expect(String(writing: { _ in }).isEmpty)
        #expect(String(writing: { $0.write("") }).isEmpty)
        #expect(String(writing: { text in text.write("a"); text.write(""); text.write("b") }) == "ab")
        let mixed = String(writing: { text in
            text.write("&state=")
            text.write(long)
            text.write("é€😀")
        })
        #expect(mixed == "&state=" + long + "é€😀")
        #expect(String(writing: { text in text.write(long); text.write("="); text.write(long) }).utf8.count == 601)
    }

    /// Bytes, slices (read from where they sit in their buffer) and
    /// numbers go in as they are, in order.
    @Test func bytes_joinThePiecesInOrder() {
        let buffer = Array("0123456789".utf8)
        let written = [UInt8](writing: { out in
            out.write("[")
            out.write(buffer[3..<6])
            out.write(buffer)
            out.write(decimal: 0)
            out.write(decimal: 42, width: 5)
            out.write(decimal: Int.max)
            out.write("]")
        })
        #expect(String(decoding: written, as: UTF8.self) == "[345" + "0123456789" + "0" + "00042" + "\(Int.max)]")
        #expect([UInt8](writing: { _ in }).isEmpty)
    }
}
