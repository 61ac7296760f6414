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

    /// Bytes come from a per-thread block of 4 KiB: draws that cross from
    /// one block into the next, and draws larger than a block, are still
    /// all different and never the wiped (zeroed) part of a block.
    @Test func draws_acrossAndBeyondTheBlock_neverRepeat_andAreNeverWiped() {
        var seen = Set<[UInt8]>()
        for count in [112, 7, 4096, 5000] {
            for _ in 0..<100 {
                let drawn = SecureRandom.bytes(count: count)
                #expect(drawn.count == count)
                #expect(drawn.contains { $0 != 0 })
                seen.insert(drawn)
            }
        }
        #expect(seen.count == 400)
    }

    @Test func token_isUnpaddedBase64URL_of32Bytes() {
        let token = SecureRandom.token()

        #expect(token.count == 43)
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(token != SecureRandom.token())
    }
}
