extension Configuration {
    /// Which of Frame.io's two kinds of app this is (contract §1), or none.
    public enum AppKind: Sendable, Equatable, CustomStringConvertible {
        /// No client id: the built-in Frame.io stand-in, on loopback only.
        case demo
        /// A client secret, sent with HTTP Basic; no PKCE.
        case confidential
        /// No secret; PKCE with S256 and `client_id` in the form body.
        case pkce
        /// A client secret and PKCE as well.
        case confidentialWithPKCE

        public var description: String {
            switch self {
            case .demo: "demo mode (no client id: signing in goes to the built-in stand-in under /_demo/)"
            case .confidential: "confidential (client secret)"
            case .pkce: "PKCE (no client secret)"
            case .confidentialWithPKCE: "confidential+PKCE (client secret and PKCE)"
            }
        }
    }

    public var appKind: AppKind {
        switch (isDemo, isConfidential, pkce) {
        case (true, _, _): .demo
        case (false, true, false): .confidential
        case (false, true, true): .confidentialWithPKCE
        case (false, false, _): .pkce
        }
    }
}
