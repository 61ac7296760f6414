import Foundation
import HTTPServer

/// The pages users see, rendered from `public_dir/templates`. Loaded once at
/// start-up: a missing or broken template stops start-up, not a sign-in.
struct Pages: Sendable {
    private let layout: HTMLTemplate
    private let signedOut: HTMLTemplate
    private let signedIn: HTMLTemplate
    private let error: HTMLTemplate
    private let notConfigured: HTMLTemplate

    init(publicDirectory: String) throws {
        func load(_ name: String, slots: Set<String>) throws -> HTMLTemplate {
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
        layout = try load("layout.html", slots: ["title", "content"])
        signedOut = try load("signed-out.html", slots: [])
        signedIn = try load("signed-in.html", slots: ["name", "email", "id"])
        error = try load("error.html", slots: ["heading", "message", "retry"])
        notConfigured = try load("not-configured.html", slots: [])
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

    func notConfiguredLanding() -> HTTPResponse {
        page(title: "FrameAuth is not configured", content: notConfigured.render([:]), status: .ok)
    }

    /// An error page: what happened in plain words, and a link to start over.
    func error(heading: String, message: String, status: HTTPStatus, retryPath: String = "/login") -> HTTPResponse {
        let content = error.render(["heading": .text(heading), "message": .text(message), "retry": .text(retryPath)])
        return page(title: heading, content: content, status: status)
    }

    private func page(title: String, content: RenderedHTML, status: HTTPStatus) -> HTTPResponse {
        var response = SecurityHeaders.htmlResponse(layout.render(["title": .text(title), "content": .html(content)]).markup, status: status)
        // Pages can name the signed-in user: never cached.
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
