extension TokenEndpointError {
    /// Makes one call to the provider (token, identity or revocation
    /// endpoint) and classifies its failure: the one place that does.
    /// Only a 200 is an answer to read (RFC 6749 §5.1, RFC 7009 §2.2).
    static func call(
        _ perform: () async throws(HTTPClientError) -> HTTPClientResponse
    ) async throws(TokenEndpointError) -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try await perform()
        } catch {
            if case .responseTooLarge(let limit) = error { throw .malformed("answer larger than \(limit) bytes") }
            throw .unavailable(error.description)
        }
        switch response.status {
        case 200: return response
        case 400..<500: throw .rejected(status: response.status, oauthError: errorCode(in: response.body))
        default: throw .unavailable("HTTP \(response.status)")
        }
    }
}
