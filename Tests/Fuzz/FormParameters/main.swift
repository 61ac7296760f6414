// libFuzzer target for the query and form decoder (FormParameters over
// PercentDecoding), checked against FrameAuth's form encoder
// (FormURLEncoding), which writes the token requests' bodies.
//
// The input is read twice: as a query string or form body, and as a list
// of name/value texts separated by NUL bytes.

let ampersand = UInt8(ascii: "&")
let percent = UInt8(ascii: "%")

func fuzz(_ input: [UInt8]) {
    decode(input)
    encode(input)
}

/// Decoding: what is accepted, what is refused, and that re-encoding a
/// decoded body changes nothing.
func decode(_ input: [UInt8]) {
    let decoded: FormParameters
    do {
        decoded = try FormParameters(decoding: input)
    } catch {
        // Only a `%` without two hex digits after it, or bytes that are not
        // UTF-8, may be refused.
        check(input.contains(percent) || String(validating: input, as: UTF8.self) == nil,
              "refused \(input) with no % and valid UTF-8: \(error.reason)")
        check(error.status == 400, "status \(error.status)")
        return
    }
    check(decoded.pairs.count == input.split(separator: ampersand).count,
          "\(decoded.pairs.count) pairs from \(input)")
    // Each lookup walks every pair, so only the first few names are looked
    // up: checking all of them made long inputs quadratic.
    var firstValues: [String: String] = [:]
    for pair in decoded.pairs where firstValues[pair.name] == nil { firstValues[pair.name] = pair.value }
    for pair in decoded.pairs.prefix(8) {
        check(decoded.count(of: pair.name) >= 1, "count of \(pair.name)")
        check(decoded[pair.name] == firstValues[pair.name], "first value of \(pair.name)")
    }
    let reencoded = FormURLEncoding.encode(decoded.pairs.map { ($0.name, $0.value) })
    check((try? FormParameters(decoding: Array(reencoded.utf8))) == decoded,
          "\(decoded.pairs) encoded as \(reencoded) does not decode to itself")
    // `+` is a space only in form encoding; it never decides what is valid.
    let plusIsSpace = try? PercentDecoding.decode(input, plusIsSpace: true)
    let plusIsPlus = try? PercentDecoding.decode(input, plusIsSpace: false)
    check((plusIsSpace == nil) == (plusIsPlus == nil), "plusIsSpace changed validity of \(input)")
}

/// Encoding any texts gives a body of unreserved ASCII, escapes and
/// separators only, which decodes back to exactly those pairs, in order.
func encode(_ input: [UInt8]) {
    let texts = input.split(separator: 0, omittingEmptySubsequences: false).map(text)
    let pairs = stride(from: 0, to: texts.count, by: 2).map { (texts[$0], $0 + 1 < texts.count ? texts[$0 + 1] : "") }
    let encoded = FormURLEncoding.encode(pairs)
    // On bytes: Character's isLetter and isNumber look Unicode properties
    // up, which was most of this target's time, for a rule about ASCII.
    check(encoded.utf8.allSatisfy { byte in
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "*-._+%&=".utf8.contains(byte)
    }, "encoding has a character that needs escaping: \(encoded)")
    let decoded: FormParameters
    do {
        decoded = try FormParameters(decoding: Array(encoded.utf8))
    } catch {
        check(false, "refused its own encoding \(encoded): \(error.reason)")
        return
    }
    check(decoded == FormParameters(pairs), "\(pairs) encoded as \(encoded) decoded to \(decoded.pairs)")
}
