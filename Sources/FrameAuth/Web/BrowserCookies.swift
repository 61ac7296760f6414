import HTTPServer

/// The two cookies FrameAuth sets. Over https they take the `__Host-`
/// prefix, which makes the browser insist on Secure, Path=/ and no Domain.
struct BrowserCookies: Sendable {
    let secure: Bool
    /// Recognises the binding cookie's values: only those FrameAuth made.
    let bindings: BrowserBindings

    var sessionName: String { secure ? "__Host-frameauth_session" : "frameauth_session" }
    /// Binds a sign-in attempt to the browser that started it.
    var bindingName: String { secure ? "__Host-frameauth_login" : "frameauth_login" }

    func session(_ id: SessionID) -> SetCookie {
        SetCookie(name: sessionName, value: id.cookieValue, secure: secure, maxAge: Int(SignInLimits.sessionLifetime.seconds))!
    }

    func binding(_ binding: BrowserBinding) -> SetCookie {
        SetCookie(name: bindingName, value: binding.cookieValue, secure: secure, maxAge: Int(SignInLimits.stateLifetime.seconds))!
    }

    /// The binding /login may reuse for a new attempt.
    func reusableBinding(in request: HTTPRequest) -> BrowserBinding? {
        request.cookie(bindingName).flatMap(bindings.reusable)
    }

    /// The binding a callback presents.
    func presentedBinding(in request: HTTPRequest) -> BrowserBinding? {
        request.cookie(bindingName).flatMap(bindings.presented)
    }

    func clearedSession() -> SetCookie { .expired(name: sessionName, secure: secure) }

    func sessionID(in request: HTTPRequest) -> SessionID? {
        request.cookie(sessionName).flatMap(SessionID.init(cookieValue:))
    }
}
