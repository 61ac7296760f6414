import HTTPServer

/// The two cookies FrameAuth sets. Over https they take the `__Host-`
/// prefix, which makes the browser insist on Secure, Path=/ and no Domain.
struct BrowserCookies: Sendable {
    let secure: Bool
    /// Recognises the binding cookie's values: only those FrameAuth made.
    let bindings: BrowserBindings
    /// The signed-in browser's session.
    private let sessionCookie: SetCookie.Kind
    /// Binds a sign-in attempt to the browser that started it.
    private let bindingCookie: SetCookie.Kind

    init(secure: Bool, bindings: BrowserBindings) {
        self.secure = secure
        self.bindings = bindings
        // Both names are tokens, so neither kind can be refused.
        sessionCookie = SetCookie.Kind(name: secure ? "__Host-frameauth_session" : "frameauth_session", secure: secure,
                                       maxAge: Int(SignInLimits.sessionLifetime.seconds))!
        bindingCookie = SetCookie.Kind(name: secure ? "__Host-frameauth_login" : "frameauth_login", secure: secure,
                                       maxAge: Int(SignInLimits.stateLifetime.seconds))!
    }

    var sessionName: String { sessionCookie.name }
    var bindingName: String { bindingCookie.name }

    // Both values are base64url, which is all cookie-octets.
    func session(_ id: SessionID) -> SetCookie {
        sessionCookie.with(value: id.cookieValue)!
    }

    func binding(_ binding: BrowserBinding) -> SetCookie {
        bindingCookie.with(value: binding.cookieValue)!
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
