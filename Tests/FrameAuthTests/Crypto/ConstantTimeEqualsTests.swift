import Testing
import FrameAuth

@Suite struct ConstantTimeEqualsTests {
    @Test func constantTimeEquals_isTrue_onlyForIdenticalBytes() {
        #expect(constantTimeEquals(Array("api-key".utf8), Array("api-key".utf8)))
        #expect(constantTimeEquals([], []))
        #expect(!constantTimeEquals(Array("api-key".utf8), Array("api-kez".utf8)))
        #expect(!constantTimeEquals(Array("api-key".utf8), Array("api-key2".utf8)))
        #expect(!constantTimeEquals([], [0]))
    }
}
