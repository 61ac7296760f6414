import FoundationEssentials

/// Whether a JSON object names each member once. RFC 7515 §4 (a JOSE header)
/// and RFC 7519 §4 (claims): a parser MUST refuse duplicate names or keep
/// only the last. Foundation's JSONDecoder silently keeps the first, so a
/// token naming `aud` twice would read one way here and the other way in a
/// parser that keeps the last; such a token is refused instead.
enum JSONMemberNames {
    /// False also when `object` is not a JSON object.
    static func areUnique(in object: [UInt8]) -> Bool {
        guard let names = try? JSONDecoder().decode(DistinctNames.self, from: Data(object)) else { return false }
        return names.count == topLevelMemberCount(object)
    }

    /// The member names JSONDecoder keeps: one per distinct (unescaped) name.
    private struct DistinctNames: Decodable {
        let count: Int

        init(from decoder: any Decoder) throws {
            count = try decoder.container(keyedBy: AnyName.self).allKeys.count
        }
    }

    private struct AnyName: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Members of the outermost object as written, duplicates included: the
    /// commas outside strings at depth 1, plus one. Only meaningful for text
    /// JSONDecoder has already accepted as an object.
    private static func topLevelMemberCount(_ json: [UInt8]) -> Int {
        var depth = 0
        var inString = false
        var escaped = false
        var commas = 0
        var empty = true
        for byte in json {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1 { empty = false }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 1 { commas += 1 }
            default:
                break
            }
        }
        return empty ? 0 : commas + 1
    }
}
