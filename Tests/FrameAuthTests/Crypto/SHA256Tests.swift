import Testing
import FrameAuth

@Suite struct SHA256Tests {
    @Test func digest_ofABC_matchesFIPS180Vector() {
        let hex = SHA256.digest(Array("abc".utf8)).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func digest_ofEmptyInput_matchesFIPS180Vector() {
        let hex = SHA256.digest([]).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        #expect(hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
