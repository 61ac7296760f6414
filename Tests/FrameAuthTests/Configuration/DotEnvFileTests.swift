import Testing
@testable import FrameAuth

@Suite struct DotEnvFileTests {
    @Test func parse_readsPlainQuotedAndExportedValues_skippingCommentsAndBlankLines() {
        let file = DotEnvFile("""
            # FrameAuth settings

            CLIENT_ID=plain-id
            export SCOPES="offline asset.read"
            REDIRECT_URI='http://127.0.0.1:8080/callback#not-a-comment'
              PORT = 9000   # spaces around = and a trailing comment
            EMPTY=
            """)
        #expect(file.problems.isEmpty)
        #expect(file.variables == [
            "CLIENT_ID": "plain-id",
            "SCOPES": "offline asset.read",
            "REDIRECT_URI": "http://127.0.0.1:8080/callback#not-a-comment",
            "PORT": "9000",
            "EMPTY": "",
        ])
    }

    @Test func doubleQuotes_takeEscapes_singleQuotes_takeEverythingLiterally() {
        let file = DotEnvFile(#"""
            A="say \"hi\"\\n"
            B='no \n escapes # here'
            C="hash # inside"  # comment after
            """#)
        #expect(file.problems.isEmpty)
        #expect(file.variables["A"] == #"say "hi"\n"#)
        #expect(file.variables["B"] == #"no \n escapes # here"#)
        #expect(file.variables["C"] == "hash # inside")
    }

    @Test func quotesAndEscapes_count_evenBeforeACombiningMark() {
        // To Swift, `"` or `\` followed by U+0301 is one Character with it.
        let file = DotEnvFile("A=\"\u{301}x\"\nB=\"y\\\"\u{301}\"\nC=z\\\u{301}\n")
        #expect(file.problems.isEmpty)
        #expect(file.variables == ["A": "\u{301}x", "B": "y\"\u{301}", "C": "z\\\u{301}"])
    }

    @Test func unquotedHash_withoutSpaceBefore_isPartOfTheValue() {
        #expect(DotEnvFile("A=abc#def").variables["A"] == "abc#def")
    }

    @Test func crlfLineEndings_areAccepted() {
        let file = DotEnvFile("A=1\r\nB=2\r\n")
        #expect(file.problems.isEmpty)
        #expect(file.variables == ["A": "1", "B": "2"])
    }

    @Test func laterLine_forTheSameKey_wins() {
        #expect(DotEnvFile("A=1\nA=2").variables["A"] == "2")
    }

    @Test(arguments: [
        "just-a-secret-without-a-key",
        "1BAD=value",
        "BAD KEY=value",
        "A=\"unterminated",
        "A='unterminated",
        "A=\"closed\" trailing",
        "=value",
        "export",
    ])
    func malformedLine_isAProblemNamingItsNumber_neverItsText(line: String) {
        let file = DotEnvFile("GOOD=1\n# comment\n\(line)\nALSO_GOOD=2\n")
        #expect(file.problems.count == 1)
        #expect(file.problems.first?.message.contains("line 3") == true)
        #expect(file.problems.first?.description.contains(line) == false)
        #expect(file.variables == ["GOOD": "1", "ALSO_GOOD": "2"])
    }

    @Test func loader_readsDotEnvFromTheWorkingDirectory_andReportsItsMalformedLines() throws {
        let sandbox = try ConfigurationSandbox.make(files: [".env": "CLIENT_ID=from-dotenv\nnot a line\n"])
        let problems = sandbox.problems()
        #expect(problems.map(\.description) == [
            ".env: line 2 is not KEY=VALUE (a name of letters, digits and _, then =, then the value, quoted if it has spaces or #); fix or remove it",
        ])
        let fixed = try ConfigurationSandbox.make(files: [".env": "export CLIENT_ID='from-dotenv'\n"])
        #expect(try fixed.loaded().origin(of: .clientID) == ConfigurationOrigin(source: .dotEnv, name: "CLIENT_ID"))
    }
}
