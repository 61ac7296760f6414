import HTTPServer

/// The stand-in's own pages: the sign-in form and consent (its refusals are
/// rendered as every error is, by `Pages.error`). They use
/// FrameAuth's layout, so they carry the demo banner and security headers.
struct DemoPages: Sendable {
    private let pages: Pages
    private let signInForm: HTMLTemplate
    private let consentForm: HTMLTemplate

    init(pages: Pages, publicDirectory: String) throws {
        self.pages = pages
        signInForm = try Pages.loadTemplate("demo-sign-in.html", in: publicDirectory, slots: ["action", "sign_in", "email"])
        consentForm = try Pages.loadTemplate("demo-consent.html", in: publicDirectory, slots: ["action", "sign_in", "email", "scope"])
    }

    func signIn(signInID: String) -> HTTPResponse {
        let content = signInForm.render([
            "action": .text(DemoMode.authorizePath), "sign_in": .text(signInID), "email": .text("demo@example.com"),
        ])
        return pages.page(title: "Sign in to the Frame.io stand-in", content: content, status: .ok)
    }

    func consent(signInID: String, user: DemoAuthority.User, scope: String) -> HTTPResponse {
        let content = consentForm.render([
            "action": .text(DemoMode.consentPath), "sign_in": .text(signInID), "email": .text(user.email),
            "scope": .text(scope.isEmpty ? "(none)" : scope),
        ])
        return pages.page(title: "Allow FrameAuth?", content: content, status: .ok)
    }

}
