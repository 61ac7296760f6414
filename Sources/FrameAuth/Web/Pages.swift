import FoundationEssentials
import HTTPServer

/// The pages users see, rendered from `public_dir/templates`. Loaded once at
/// start-up: a missing or broken template stops start-up, not a sign-in.
struct Pages: Sendable {
    private let layout: HTMLTemplate
    private let signedOut: HTMLTemplate
    private let signedIn: HTMLTemplate
    private let error: HTMLTemplate
    /// Shown at the top of every page in demo mode (CONTRACT §2); nil otherwise.
    private let banner: RenderedHTML?

    init(publicDirectory: String, demo: Bool) throws {
        layout = try Self.loadTemplate("layout.html", in: publicDirectory, slots: ["title", "banner", "content"])
        signedOut = try Self.loadTemplate("signed-out.html", in: publicDirectory, slots: [])
        signedIn = try Self.loadTemplate("signed-in.html", in: publicDirectory, slots: ["name", "email", "id"])
        error = try Self.loadTemplate("error.html", in: publicDirectory, slots: ["heading", "message", "retry"])
        banner = demo ? try Self.loadTemplate("demo-banner.html", in: publicDirectory, slots: []).render([:]) : nil
    }

    /// Reads `templates/<name>`, refusing slots the caller will not fill.
    static func loadTemplate(_ name: String, in publicDirectory: String, slots: Set<String>) throws -> HTMLTemplate {
        let path = publicDirectory + "/templates/" + name
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw StartupError("cannot read the page template \(path); check public_dir")
        }
        let template = HTMLTemplate(text)
        let unknown = template.slots.subtracting(slots)
        guard unknown.isEmpty else {
            throw StartupError("\(path) uses unknown slots: \(unknown.sorted().joined(separator: ", "))")
        }
        return template
    }

    func landing(user: UserProfile?) -> HTTPResponse {
        let content = user.map { user in
            signedIn.render([
                "name": .text(user.name ?? user.email ?? user.id),
                "email": .text(user.email ?? ""),
                "id": .text(user.id),
            ])
        } ?? signedOut.render([:])
        return page(title: "FrameAuth", content: content, status: .ok)
    }

    /// Any error a browser meets, as a page: what happened in plain words,
    /// and a link to start over. The router renders every error off the
    /// JSON routes with it.
    @Sendable func error(_ error: any PublicError, _ request: HTTPRequest) -> HTTPResponse {
        let content = self.error.render(["heading": .text(error.title), "message": .text(error.message), "retry": .text(RoutePaths.login)])
        return page(title: error.title, content: content, status: error.status)
    }

    /// `content` inside the layout, with the security headers.
    func page(title: String, content: RenderedHTML, status: HTTPStatus) -> HTTPResponse {
        var values: [String: HTMLTemplate.Value] = ["title": .text(title), "content": .html(content)]
        if let banner { values["banner"] = .html(banner) }
        var response = SecurityHeaders.htmlResponse(layout.render(values).markup, status: status)
        // Pages can name the signed-in user: never cached.
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
