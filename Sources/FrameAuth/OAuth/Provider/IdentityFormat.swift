/// Where the user's id, email and name sit in the identity answer.
enum IdentityFormat: Sendable {
    /// Legacy `/v2/me`: `{"id","email","name"}` (CONTRACT §1).
    case legacyTopLevel
    /// V4 `/v4/me`: `{"data":{"id","email","name",...}}` (CONTRACT §7).
    case v4Data

    func decode(_ body: [UInt8]) -> OAuthWireFormats.Identity? {
        switch self {
        case .legacyTopLevel: OAuthWireFormats.decode(OAuthWireFormats.Identity.self, from: body)
        case .v4Data: OAuthWireFormats.decode(OAuthWireFormats.IdentityEnvelope.self, from: body)?.data
        }
    }
}
