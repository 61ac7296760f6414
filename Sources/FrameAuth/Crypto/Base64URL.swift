import FoundationEssentials

/// Base64url without padding (RFC 4648 §5; RFC 7636 Appendix A), the one
/// encoding used for tokens, `state` values and PKCE.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.last == "=" { text.removeLast() }
        return String(text.map { character -> Character in
            switch character {
            case "+": "-"
            case "/": "_"
            default: character
            }
        })
    }
}
