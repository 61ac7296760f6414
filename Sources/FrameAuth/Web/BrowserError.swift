import HTTPServer

/// What the browser routes refuse, each with its status and the sentence a
/// person is shown (`Pages.error`, or `/session`'s JSON); a store failure's
/// cause goes to the log only.
enum BrowserError: PublicError {
    /// `/login`'s query is not valid form encoding.
    case invalidAddress
    /// A sign-out or disconnect posted from another site (`action` names it).
    case foreignForm(action: String)
    case notSignedIn
    /// The store could not be read or written: nothing changed, and trying
    /// again later may work.
    case storeUnavailable(message: String, cause: StoreError)

    var status: HTTPStatus {
        switch self {
        case .invalidAddress: .badRequest
        case .foreignForm: .forbidden
        case .notSignedIn: .unauthorized
        case .storeUnavailable: .serviceUnavailable
        }
    }

    var message: String {
        switch self {
        case .invalidAddress: "The address is not valid."
        case .foreignForm(let action): "\(action) must come from this site."
        case .notSignedIn: "Not signed in."
        case .storeUnavailable(let message, _): message
        }
    }

    var headers: HTTPHeaders {
        switch self {
        case .notSignedIn, .storeUnavailable: HTTPHeaders([("Cache-Control", "no-store")])
        case .invalidAddress, .foreignForm: HTTPHeaders()
        }
    }

    var logDetail: String? {
        if case .storeUnavailable(_, let cause) = self { return "session store: \(cause)" }
        return nil
    }
}
