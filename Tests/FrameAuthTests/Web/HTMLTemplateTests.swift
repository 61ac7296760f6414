@testable import FrameAuth
import Testing

struct HTMLTemplateTests {
    @Test func render_escapesTextValues() {
        let template = HTMLTemplate("<p title=\"{{t}}\">{{ t }}</p>")
        let html = template.render(["t": .text("<script>alert('x')</script>&\"")]).markup
        #expect(html == "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</p>")
    }

    @Test func render_placesRenderedHTMLAsIs_andLeavesUnknownSlotsEmpty() {
        let inner = HTMLTemplate("<b>{{x}}</b>").render(["x": .text("<i>")])
        let outer = HTMLTemplate("<div>{{content}}{{missing}}</div>").render(["content": .html(inner)])
        #expect(outer.markup == "<div><b>&lt;i&gt;</b></div>")
    }

    /// `"` and a combining mark form one Character that is not `"`; escaping
    /// must look at the bytes, or the quote leaves the attribute unescaped.
    @Test func render_escapesSpecialCharacters_evenWhenACombiningMarkFollows() {
        let template = HTMLTemplate("<p title=\"{{t}}\">{{t}}</p>")
        let value = "\"\u{301} <\u{301} &\u{301} '\u{301} >\u{301}"
        let escaped = "&quot;\u{301} &lt;\u{301} &amp;\u{301} &#39;\u{301} &gt;\u{301}"
        let html = template.render(["t": .text(value)]).markup
        #expect(html == "<p title=\"\(escaped)\">\(escaped)</p>")
        #expect(html.utf8.filter { $0 == UInt8(ascii: "\"") }.count == 2, "only the template's own quotes")
    }

    @Test func slots_listsEveryPlaceholder() {
        #expect(HTMLTemplate("{{a}} and {{ b }} and {{a}}").slots == ["a", "b"])
    }
}
