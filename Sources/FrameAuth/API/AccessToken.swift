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
        out += #"{"access_token":"#.utf8
        JSONString.append(accessToken, quotedTo: &out)
        out += #","expires_in":"#.utf8
        out += String(expiresIn).utf8
        out += #","scope":"#.utf8
        JSONString.append(scope, quotedTo: &out)
        out += #","token_type":"bearer"}"#.utf8
        return out
    }
}
