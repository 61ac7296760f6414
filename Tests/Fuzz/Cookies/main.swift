// libFuzzer target for the Cookie header parser and the Set-Cookie builder
// (Sources/HTTPServer/Routing/Cookies.swift).
//
// The input is a list of texts separated by NUL bytes. Read as `Cookie`
// field values, they must give only well-formed pairs; read as names and
// values, the ones SetCookie accepts must come back unchanged from the
// `Cookie` header a browser would send for them.

let semicolon = UInt8(ascii: ";")
let equals = UInt8(ascii: "=")

func isBlank(_ byte: UInt8?) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
}

func fuzz(_ input: [UInt8]) {
    let texts = input.split(separator: 0, omittingEmptySubsequences: false).map(text)
    parse(fieldValues: texts)
    roundTrip(texts)
}

/// Whatever the fields say, a pair's name is a non-empty run without
/// separators or surrounding blanks, and its value holds no `;`.
func parse(fieldValues: [String]) {
    let headers = HTTPHeaders(fieldValues.map { ("Cookie", $0) } + [("Set-Cookie", "other=ignored")])
    let request = HTTPRequest(
        method: .get, path: "/", pathSegments: [""], rawQuery: nil, version: .http11, headers: headers, body: [])
    let pairs = Cookies.parse(headers)
    let candidates = fieldValues.reduce(0) { $0 + $1.utf8.split(separator: semicolon).count { $0.contains(equals) } }
    check(pairs.count <= candidates, "\(pairs.count) pairs from \(candidates) parts with = in \(fieldValues)")
    // Each lookup parses every field again, so only three names are looked
    // up: the first two, and the last, which may repeat an earlier one.
    // Checking all of them made long inputs quadratic.
    var firstValues: [String: String] = [:]
    for pair in pairs where firstValues[pair.name] == nil { firstValues[pair.name] = pair.value }
    for (index, pair) in pairs.enumerated() {
        let name = Array(pair.name.utf8)
        check(!name.isEmpty, "empty name in \(fieldValues)")
        check(!name.contains(semicolon) && !name.contains(equals), "name \(pair.name.debugDescription) has a separator")
        check(!isBlank(name.first) && !isBlank(name.last), "name \(pair.name.debugDescription) is not trimmed")
        check(!pair.value.utf8.contains(semicolon), "value \(pair.value.debugDescription) has a ;")
        if index < 2 || index == pairs.count - 1 {
            check(request.cookie(pair.name) == firstValues[pair.name],
                  "cookie(\(pair.name.debugDescription)) is not the first pair of that name")
        }
    }
}

/// Cookies built from pairs of texts: the header value is one safe line, and
/// the cookies SetCookie accepted come back from the `Cookie` header a
/// browser sends for them (RFC 6265 §5.4: `name=value` joined by "; ").
func roundTrip(_ texts: [String]) {
    var cookies: [SetCookie] = []
    for index in stride(from: 0, to: texts.count - 1, by: 2) {
        guard let cookie = SetCookie(name: texts[index], value: texts[index + 1], secure: index % 4 == 0,
                                     maxAge: index % 3 == 0 ? nil : index - 3) else { continue }
        let line = cookie.headerValue
        check(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "Set-Cookie \(line.debugDescription) is not one printable line")
        check(line.hasPrefix(cookie.name + "=" + cookie.value + "; "), "Set-Cookie \(line) does not start with its pair")
        check(line.hasSuffix("; HttpOnly; SameSite=Lax"), "Set-Cookie \(line) lost its defaults")
        cookies.append(cookie)
    }
    var response = HTTPResponse()
    for cookie in cookies { response.setCookie(cookie) }
    check(response.headers.values("Set-Cookie") == cookies.map(\.headerValue), "Set-Cookie fields differ from the cookies")

    let sent = cookies.map { $0.name + "=" + $0.value }.joined(separator: "; ")
    let parsed = Cookies.parse(HTTPHeaders([("Cookie", sent)]))
    check(parsed.map(\.name) == cookies.map(\.name) && parsed.map(\.value) == cookies.map(\.value),
          "Cookie: \(sent) parsed as \(parsed)")
}
