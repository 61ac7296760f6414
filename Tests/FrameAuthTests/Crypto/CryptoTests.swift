import Testing

/// Holds suites of Sources/FrameAuth/Crypto, so `swift test --filter Crypto` runs them.
@Suite enum CryptoTests {}
