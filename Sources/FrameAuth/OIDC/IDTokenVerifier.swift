import FoundationEssentials

/// Checks an id_token from the token response before anything from the
/// sign-in is stored (CONTRACT §7; OpenID Connect Core §3.1.3.7).
struct IDTokenVerifier: Sendable {
    let issuer: String
    let clientID: String
    let keys: JWKSCache
    /// Clock difference with the issuer tolerated on `exp` and `iat`.
    let leeway: TimeInterval

    init(issuer: String, clientID: String, keys: JWKSCache, leeway: TimeInterval = 60) {
        self.issuer = issuer
        self.clientID = clientID
        self.keys = keys
        self.leeway = leeway
    }

    /// `nonce` is the one sent with the authorization request, nil if none was.
    func verify(_ idToken: String, nonce: String?, now: Date) async throws(IDTokenError) -> VerifiedIDToken {
        let jws = try CompactJWS.parse(idToken)
        // The algorithm is FrameAuth's choice, never the token's (RFC 8725
        // §3.1), and is checked before any key is looked up: `none` needs no
        // key at all, and an HMAC alg would be checked against a shared secret
        // (the client secret, §3.1.3.7 step 8, or the public key read as one)
        // that others may hold, instead of IMS's private key.
        guard jws.header.alg == "RS256" else { throw .unsupportedAlgorithm(jws.header.alg) }
        guard let kid = jws.header.kid else { throw .missingKeyID }
        let key = try await keys.key(for: kid)
        guard key.isValidRS256Signature(jws.signature, over: jws.signingInput) else { throw .badSignature }

        let claims = try IDTokenClaims.decode(jws.payload)
        // §3.1.3.7 step 2: exact match, so compared as bytes, not as Unicode
        // text (where a decomposed "é" equals a composed one).
        guard Self.sameBytes(claims.iss, issuer) else { throw .wrongIssuer }
        // Steps 3-5.
        guard claims.aud.contains(where: { Self.sameBytes($0, clientID) }) else { throw .wrongAudience }
        if claims.aud.count > 1, let azp = claims.azp, !Self.sameBytes(azp, clientID) { throw .wrongAuthorizedParty }
        // Steps 9-10.
        guard claims.exp > now.addingTimeInterval(-leeway) else { throw .expired }
        guard claims.iat <= now.addingTimeInterval(leeway) else { throw .issuedInTheFuture }
        // Step 11: the nonce binds the token to this browser's attempt.
        if let nonce {
            guard let sent = claims.nonce else { throw .missingClaim("nonce") }
            guard constantTimeEquals(Array(sent.utf8), Array(nonce.utf8)) else { throw .nonceMismatch }
        }
        // §2: sub MUST NOT exceed 255 ASCII characters.
        guard !claims.sub.isEmpty, claims.sub.utf8.count <= 255 else { throw .invalidSubject }
        return VerifiedIDToken(subject: claims.sub)
    }

    private static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }
}
