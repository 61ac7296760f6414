import HTTPServer
import Testing

@Suite struct DurationUnitsTests {
    @Test func nanoseconds_areWhole_andANegativeDurationIsZero() {
        #expect(Duration.milliseconds(1500).nanoseconds == 1_500_000_000)
        #expect(Duration.nanoseconds(7).nanoseconds == 7)
        #expect(Duration.seconds(-3).nanoseconds == 0)
    }

    @Test func seconds_keepTheirFraction() {
        #expect(Duration.milliseconds(2500).seconds == 2.5)
        #expect(Duration.seconds(30 * 86_400).seconds == 2_592_000)
    }

    /// libcurl and SO_RCVTIMEO read 0 as "never": a time-out never rounds down to it.
    @Test func timeoutMilliseconds_areAtLeastOne_andNeverOverflow() {
        #expect(Duration.seconds(15).timeoutMilliseconds == 15_000)
        #expect(Duration.microseconds(10).timeoutMilliseconds == 1)
        #expect(Duration.zero.timeoutMilliseconds == 1)
        #expect(Duration.seconds(Int64.max).timeoutMilliseconds == Int.max)
    }
}
