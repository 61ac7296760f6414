import LoopbackClient
import Testing

/// `Public/templates` holds the pages' templates: the routes render them,
/// and no request path may fetch one as a file.
@Suite(.serialized) struct TemplateFilesTests {
    static let pathForms = [
        "/templates/layout.html", "//templates/layout.html", "///templates/layout.html", "/./templates/layout.html",
        "/%2e/templates/layout.html", "/%74emplates/layout.html", "/a/../templates/layout.html",
        "/templates/../templates/layout.html", "/%2E%2E/templates/layout.html", "/templates//layout.html",
        "/Templates/layout.html", "/TEMPLATES/layout.html", "/templates%2Flayout.html", "//templates/",
        "http://127.0.0.1//templates/layout.html",
    ]

    @Test func templates_areNeverServedAsFiles_whateverFormThePathTakes() async throws {
        let demo = try DemoFlowTests.Demo()
        let browser = TestBrowser(port: demo.port)
        #expect(try browser.get("/style.css").status == 200, "the public folder is still served")
        for target in Self.pathForms {
            let response = try browser.get(target)
            #expect(response.status == 404 || response.status == 400, "\(target) answered \(response.status)")
            #expect(!response.text.contains("{{"), "\(target) answered a template")
        }
        await demo.stop()
    }
}
