import Testing

/// Holds the suites of Sources/FrameAuth/OIDC, so `swift test --filter OIDC` runs them all.
@Suite enum OIDCTests {}
