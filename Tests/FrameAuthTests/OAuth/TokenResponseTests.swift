@testable import FrameAuth
import Testing

struct TokenResponseTests {
    static func decode(_ json: String, contentType: String? = "application/json") throws(TokenEndpointError) -> TokenResponse {
        try TokenResponse.decode(Array(json.utf8), contentType: contentType, requestedScope: "offline account.read")
    }

    @Test func decode_readsFrameIOsShape() throws {
        let response = try Self.decode(#"{"access_token":"A","expires_in":3600,"refresh_token":"R","scope":"offline","token_type":"bearer"}"#)
        #expect(response == TokenResponse(accessToken: "A", tokenType: "bearer", expiresIn: 3600, refreshToken: "R", scope: "offline"))
    }

    @Test func decode_takesExpiryFromTheResponse_andDefaultsScopeToTheRequest() throws {
        let response = try Self.decode(#"{"access_token":"A","expires_in":17,"token_type":"Bearer"}"#, contentType: "application/json; charset=utf-8")
        #expect(response.expiresIn == 17)
        #expect(response.scope == "offline account.read")
        #expect(response.refreshToken == nil)
    }

    @Test(arguments: [
        #"{"expires_in":3600,"token_type":"bearer"}"#,
        #"{"access_token":"","expires_in":3600,"token_type":"bearer"}"#,
        #"{"access_token":"A","token_type":"bearer"}"#,
        #"{"access_token":"A","expires_in":0,"token_type":"bearer"}"#,
        #"{"access_token":"A","expires_in":"3600","token_type":"bearer"}"#,
        #"{"access_token":"A","expires_in":true,"token_type":"bearer"}"#,
        #"{"access_token":"A","expires_in":3600,"token_type":"mac"}"#,
        #"{"access_token":"A","expires_in":3600}"#,
        #"{"access_token":7,"expires_in":3600,"token_type":"bearer"}"#,
        #"{"access_token":"A","expires_in":3600,"token_type":"bearer","refresh_token":""}"#,
        #"["access_token"]"#,
        "<html>oops</html>",
        "",
    ])
    func decode_refusesAnswersThatAreNotValidTokens(_ body: String) {
        #expect(throws: TokenEndpointError.self) { try Self.decode(body) }
    }

    @Test func decode_refusesHTML_evenWithAValidBody() {
        #expect(throws: TokenEndpointError.self) {
            try Self.decode(#"{"access_token":"A","expires_in":3600,"token_type":"bearer"}"#, contentType: "text/html")
        }
    }

    @Test func errorCode_isLoggedOnlyWhenItIsASafeCode() {
        #expect(TokenEndpointError.errorCode(in: Array(#"{"error":"invalid_grant"}"#.utf8)) == "invalid_grant")
        #expect(TokenEndpointError.errorCode(in: Array(#"{"error":"<script>"}"#.utf8)) == nil)
        #expect(TokenEndpointError.errorCode(in: Array("not json".utf8)) == nil)
    }
}
