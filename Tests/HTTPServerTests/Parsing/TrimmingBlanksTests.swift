import Testing
import HTTPServer

/// HTTP's optional whitespace (spaces and tabs) trimmed byte by byte.
@Suite struct TrimmingBlanksTests {
    @Test(arguments: [
        ("  value\t", "value"),
        ("\t a b \t", "a b"),
        ("value", "value"),
        (" \t ", ""),
        ("", ""),
        (" é ", "é"),
        ("\u{00A0}x\u{00A0}", "\u{00A0}x\u{00A0}"),  // no-break space is not HTTP whitespace
        (" 日本 ", "日本"),
    ])
    func trims_onlySpacesAndTabs_atEitherEnd(_ input: String, _ expected: String) {
        #expect(input.trimmingBlanks == expected)
        #expect(input[...].trimmingBlanks == expected)
    }
}
