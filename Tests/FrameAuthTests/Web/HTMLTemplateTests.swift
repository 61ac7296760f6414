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

    @Test func slots_listsEveryPlaceholder() {
        #expect(HTMLTemplate("{{a}} and {{ b }} and {{a}}").slots == ["a", "b"])
    }
}
