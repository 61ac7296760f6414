@testable import FrameAuth
import Testing

/// The exposition text itself, exactly as a scraper reads it.
@Suite struct PrometheusTextTests {
    enum Colour: Int, MetricLabel {
        case red, blue

        var labelValue: String { self == .red ? "red" : "blue" }
    }

    @Test func counter_rendersHelpTypeAndEverySlot_zerosIncluded() {
        let counter = LabeledCounter<Colour>("test_paints_total", help: "Paints used.", label: "colour")
        counter.increment(.blue)
        counter.increment(.blue)
        var page = PrometheusText()
        counter.render(into: &page)
        #expect(page.text == """
            # HELP test_paints_total Paints used.
            # TYPE test_paints_total counter
            test_paints_total{colour="red"} 0
            test_paints_total{colour="blue"} 2

            """)
    }

    @Test func histogram_bucketsAreCumulative_withBoundsInclusive_thenInfSumAndCount() {
        let histogram = LabeledHistogram<Colour>("test_wait_seconds", help: "Waits.", label: "colour", bounds: [0.125, 1])
        for value in [0.0625, 0.125, 0.5, 4] { histogram.observe(value, .red) }
        var page = PrometheusText()
        histogram.render(into: &page)
        #expect(page.text == """
            # HELP test_wait_seconds Waits.
            # TYPE test_wait_seconds histogram
            test_wait_seconds_bucket{colour="red",le="0.125"} 2
            test_wait_seconds_bucket{colour="red",le="1"} 3
            test_wait_seconds_bucket{colour="red",le="+Inf"} 4
            test_wait_seconds_sum{colour="red"} 4.6875
            test_wait_seconds_count{colour="red"} 4
            test_wait_seconds_bucket{colour="blue",le="0.125"} 0
            test_wait_seconds_bucket{colour="blue",le="1"} 0
            test_wait_seconds_bucket{colour="blue",le="+Inf"} 0
            test_wait_seconds_sum{colour="blue"} 0
            test_wait_seconds_count{colour="blue"} 0

            """)
    }

    @Test func requests_areLabelledByPattern_otherAndRefused_onlyOncePresent() {
        let requests = RequestCounter(patterns: ["/healthz", "/api/users/{id}/token"])
        requests.record(pattern: 1, statusCode: 404)
        requests.record(pattern: 1, statusCode: 200)
        requests.record(pattern: 1, statusCode: 200)
        requests.record(pattern: nil, statusCode: 404)
        requests.record(pattern: 7, statusCode: 200)  // a route added after the counter was made
        requests.recordRefusal(statusCode: 431)
        var page = PrometheusText()
        requests.render(into: &page)
        #expect(page.text == """
            # HELP frameauth_http_requests_total HTTP requests answered on the main port, by route pattern and status code.
            # TYPE frameauth_http_requests_total counter
            frameauth_http_requests_total{route="/api/users/{id}/token",status="200"} 2
            frameauth_http_requests_total{route="/api/users/{id}/token",status="404"} 1
            frameauth_http_requests_total{route="other",status="200"} 1
            frameauth_http_requests_total{route="other",status="404"} 1
            frameauth_http_requests_total{route="refused",status="431"} 1

            """)
    }

    @Test func labelValues_escapeBackslashQuoteAndLineFeed_andHelpEscapesBackslashAndLineFeed() {
        let requests = RequestCounter(patterns: [#"/a"b\c"# + "\nd"])
        requests.record(pattern: 0, statusCode: 200)
        var page = PrometheusText()
        requests.render(into: &page)
        #expect(page.text.contains(#"frameauth_http_requests_total{route="/a\"b\\c\nd",status="200"} 1"#))
        page.family("test_x", .gauge, help: #"a \ b "quoted""# + "\nsecond line")
        #expect(page.text.hasSuffix(#"# HELP test_x a \\ b "quoted"\nsecond line"# + "\n# TYPE test_x gauge\n"))
    }

    @Test(arguments: [(Double.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"), (1, "1"), (15, "15"), (0.25, "0.25"),
                      (0.1, "0.1"), (2.5e-7, "2.5e-07")])
    func numbers_useGoFloatSyntax(_ value: Double, _ text: String) {
        #expect(PrometheusText.number(value) == text)
    }
}
