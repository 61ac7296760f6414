@testable import FrameAuth
import Testing

struct TokenResponseTests {
    static func decode(_ json: String, contentType: String? = "application/json") throws(TokenEndpointError) -> TokenResponse {
        try TokenResponse.decode(Array(json.utf8), contentType: contentType, requestedScope: "offline account.read")
    }

    @Test func decode_readsFrameIOsShape() throws {
        let response = try Self.decode(#"{"access_token":"A","expires_in":3600,"refresh_token":"R","scope":"offline","token_type":"bearer"}"#)
        #expect(response == TokenResponse(accessToken: "A", tokenType: "bearer", expiresIn: 3600, refreshToken: "R", scope: "offline", idToken: nil))
    }

    @Test func decode_keepsAnIDToken_forTheProviderToVerify() throws {
        let response = try Self.decode(#"{"access_token":"A","expires_in":86399,"id_token":"h.p.s","token_type":"bearer"}"#)
        #expect(response.idToken == "h.p.s")
        #expect(response.refreshToken == nil)
    }

    @Test(arguments: [Int.max, 1_000_000_000_000, TokenResponse.maxExpiresIn + 1])
    func decode_boundsAHugeExpiresIn_toAWeek(_ seconds: Int) throws {
        let response = try Self.decode(#"{"access_token":"A","expires_in":\#(seconds),"token_type":"bearer"}"#)
        #expect(response.expiresIn == TokenResponse.maxExpiresIn)
    }

    @Test(arguments: [
        ("-5", "not positive"), ("0", "not positive"), ("3600.5", "not a whole number"), ("1e300", "not a whole number"),
        (#""3600""#, "not a number"), ("null", "no expires_in"),
    ])
    func decode_refusesAnExpiresInThatIsNotAPositiveWholeNumber_sayingWhy(_ value: String, _ reason: String) {
        #expect {
            try Self.decode(#"{"access_token":"A","expires_in":\#(value),"token_type":"bearer"}"#)
        } throws: { error in
            (error as? TokenEndpointError)?.description.contains(reason) == true
        }
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
