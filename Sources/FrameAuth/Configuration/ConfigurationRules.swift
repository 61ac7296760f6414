import FoundationEssentials
import Glibc
// The configuration fuzz target compiles IPAddress.swift into its own module.
#if canImport(HTTPServer)
import HTTPServer
#endif

/// The checks on single values. Each returns nil when the value is fine,
/// otherwise what is wrong and how to fix it, without quoting the value.
enum ConfigurationRules {
    /// An IPv4 or IPv6 address literal, as the server binds and as a peer
    /// address is compared with `trusted_proxies`; no names, no brackets.
    static func isIPLiteral(_ text: String) -> Bool {
        IPAddress(text) != nil
    }

    static func isLoopbackLiteral(_ text: String) -> Bool {
        IPAddress(text)?.isLoopback == true
    }

    static func portProblem(_ port: Int) -> String? {
        (0...65535).contains(port) ? nil : "must be a port number from 0 to 65535 (0 picks a free one)"
    }

    /// RFC 6749 §3.3: scope = scope-token *( SP scope-token ), scope-token =
    /// 1*( %x21 / %x23-5B / %x5D-7E ). Runs of spaces are collapsed so the
    /// value sent is exactly space-delimited.
    static func normalizedScopes(_ scopes: String) -> Result<String, ScopeProblem> {
        let tokens = scopes.split(separator: " ")
        guard !tokens.isEmpty else { return .failure(.empty) }
        for token in tokens where !token.unicodeScalars.allSatisfy(isScopeCharacter) {
            return .failure(.invalidToken(String(token)))
        }
        return .success(tokens.joined(separator: " "))
    }

    enum ScopeProblem: Error, Equatable {
        case empty
        case invalidToken(String)

        func message(defaultScopes: String) -> String {
            switch self {
            case .empty:
                "is empty; list space-delimited scopes, such as \(defaultScopes)"
            case .invalidToken(let token):
                "scope \(ConfigurationRules.quoted(token)) has characters RFC 6749 §3.3 does not allow (no \", \\, control characters or non-ASCII); separate scopes with single spaces"
            }
        }
    }

    private static func isScopeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21, 0x23...0x5B, 0x5D...0x7E: true
        default: false
        }
    }

    /// The 32-byte key in standard or URL-safe base64, padded or not, as
    /// `openssl rand -base64 32` prints it.
    static func encryptionKey(fromBase64 text: String) -> [UInt8]? {
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while standard.utf8.count % 4 != 0 { standard += "=" }
        guard let data = Data(base64Encoded: standard), data.count == 32 else { return nil }
        return Array(data)
    }

    static let encryptionKeyProblem =
        "must be exactly 32 bytes in base64; generate one with `openssl rand -base64 32`, or leave it unset to have one generated into data_dir"

    /// The keys of `api_key` or `previous_encryption_keys`: one, or several
    /// separated by commas (CONTRACT §9), each without the blanks around it.
    /// Neither a Bearer token nor base64 has a comma.
    static func commaSeparated(_ listed: String) -> [String] {
        listed.split(separator: ",", omittingEmptySubsequences: false).map(\.trimmingBlanks)
    }

    /// Each key's problem, named by its place in the list when there are
    /// several (a problem line never shows a key).
    static func apiKeysProblem(_ keys: [String]) -> String? {
        for (index, key) in keys.enumerated() {
            let which = keys.count == 1 ? "" : "key \(index + 1) of \(keys.count) "
            if key.isEmpty { return "\(which)is empty; separate keys with single commas" }
            if let problem = apiKeyProblem(key) { return which + problem }
            if let first = keys[..<index].firstIndex(of: key) {
                return "\(which)repeats key \(first + 1); list each key once"
            }
        }
        return nil
    }

    /// Long enough not to be guessed, and sendable as an RFC 6750 §2.1
    /// b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
    static func apiKeyProblem(_ key: String) -> String? {
        let fix = "generate one with `openssl rand -base64 32`"
        guard key.count >= 32 else { return "is shorter than 32 characters and could be guessed; \(fix)" }
        var body = Substring(key)
        while body.last == "=" { body = body.dropLast() }
        let allowed = body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~+/".contains($0)) }
        return allowed ? nil : "has characters a Bearer token cannot carry (RFC 6750 §2.1); \(fix)"
    }

    /// A pasted id or secret with a stray space or newline would fail at
    /// Frame.io with a confusing error; catch it here instead.
    static func hasWhitespaceOrControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isWhitespace || isControl($0) }
    }

    /// General category Cc, which Unicode's stability policy fixes at
    /// U+0000–U+001F and U+007F–U+009F: a range check, not a property lookup.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }

    /// Decimal digits only: no sign, no spaces.
    static func integer(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// `FRAMEAUTH_TRUSTED_PROXIES=10.0.0.1, 10.0.0.2` or space separated.
    static func list(_ text: String) -> [String] {
        text.split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init)
    }

    /// A short non-secret value for a message, with control characters
    /// escaped so it cannot forge log lines.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 64 ? String(text.prefix(64)) + "..." : text
        return "\"" + escapingControlCharacters(shown) + "\""
    }

    /// Control characters as `\u{a}` and so on, so that text taken from the
    /// user (a value, a path, a key, a flag) keeps a message on one line.
    static func escapingControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return text.unicodeScalars.map { isControl($0) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }
}
