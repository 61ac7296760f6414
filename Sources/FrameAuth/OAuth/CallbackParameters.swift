import HTTPServer

/// The callback's query parameters that matter, each taken only if it occurs once.
struct CallbackParameters: Sendable {
    let state: String?
    let code: String?
    let error: String?
    let errorDescription: String?
    /// RFC 9207 §2: the issuer of the authorization response.
    let iss: String?

    init(_ parameters: FormParameters) {
        state = parameters.single("state")
        code = parameters.single("code")
        error = parameters.single("error")
        errorDescription = parameters.single("error_description")
        // A repeated `iss` is kept as "", which matches no issuer: unlike the
        // other parameters, its absence is allowed, so it must not become nil.
        iss = parameters.count(of: "iss") == 0 ? nil : parameters.single("iss") ?? ""
    }
}
