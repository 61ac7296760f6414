import Testing
import FrameAuth

@Suite struct SecureRandomTests {
    @Test func bytes_returnsRequestedCount_andDiffersBetweenCalls() {
        let first = SecureRandom.bytes(count: 32)
        let second = SecureRandom.bytes(count: 32)

        #expect(first.count == 32)
        #expect(first != second)
        #expect(SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test func token_isUnpaddedBase64URL_of32Bytes() {
        let token = SecureRandom.token()

        #expect(token.count == 43)
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(token != SecureRandom.token())
    }
}
