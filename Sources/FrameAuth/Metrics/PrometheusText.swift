/// A page in the Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/): each
/// family's HELP and TYPE lines, then its samples, one per line.
struct PrometheusText {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    enum Kind: String {
        case counter, gauge, histogram
    }

    private(set) var text = ""

    mutating func family(_ name: String, _ kind: Kind, help: String) {
        text += "# HELP \(name) \(Self.escaped(help, quotes: false))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    /// One sample; `labels` as `labels(_:)` makes them, "" for none.
    mutating func sample(_ name: String, labels: String = "", _ value: String) {
        text += name + labels + " " + value + "\n"
    }

    /// `{name="value",…}`, each value escaped.
    static func labels(_ pairs: KeyValuePairs<String, String>) -> String {
        "{" + pairs.map { "\($0.key)=\"\(escapedLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// A label value may hold anything; the format escapes backslash, double quote and line feed.
    static func escapedLabelValue(_ value: String) -> String {
        escaped(value, quotes: true)
    }

    /// A sample value or bucket bound in Go's float syntax, which is what
    /// Prometheus parses: `+Inf` (Swift would write `inf`), whole numbers
    /// without a fraction, as Prometheus's own client writes bucket bounds.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// HELP text escapes backslash and line feed; label values also the double quote.
    private static func escaped(_ text: String, quotes: Bool) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\"") })
        else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\"" where quotes: result += "\\\""
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
