import FoundationEssentials

/// Why a callback's `state` was refused; for the log, never shown with the value.
enum StateRejection: String, Error, Sendable {
    case missing = "no state parameter"
    case unknown = "unknown state"
    case expired = "expired state"
    case foreignBrowser = "state issued to another browser"
}
