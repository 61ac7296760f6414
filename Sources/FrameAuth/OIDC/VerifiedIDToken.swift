import FoundationEssentials

/// What a verified id_token tells FrameAuth: who signed in.
struct VerifiedIDToken: Sendable, Equatable {
    /// `sub`: the user's identifier at the issuer, unique and never reassigned
    /// (OpenID Connect Core §2).
    let subject: String
}
