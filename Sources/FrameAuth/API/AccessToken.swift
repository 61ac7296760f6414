import HTTPServer

/// `GET /api/users/{id}/token`'s body. The integrator API's busiest answer
/// is written directly: through `JSONEncoder` it took a quarter of the
/// call's time. Its keys are sorted, as `JSONResponse` writes every other body.
struct AccessToken {
    let accessToken: String
    let expiresIn: Int
    let scope: String

    var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(accessToken.utf8.count + scope.utf8.count + 96)
        out.append(literal: #"{"access_token":"#)
        JSONString.append(accessToken, quotedTo: &out)
        out.append(literal: #","expires_in":"#)
        out.append(decimal: expiresIn)
        out.append(literal: #","scope":"#)
        JSONString.append(scope, quotedTo: &out)
        out.append(literal: #","token_type":"bearer"}"#)
        return out
    }
}
