import FoundationEssentials
import HTTPServer

/// A page template from `public_dir/templates` with `{{name}}` slots.
/// Every text value is HTML-escaped on the way in; only HTML that another
/// template rendered can be placed unescaped, so a reflected value can
/// never become markup.
struct HTMLTemplate: Sendable {
    private enum Piece: Sendable {
        case literal(String)
        case slot(String)
    }

    enum Value: Sendable {
        case text(String)
        case html(RenderedHTML)
    }

    private let pieces: [Piece]

    init(_ text: String) {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
            pieces.append(.literal(String(rest[..<open.lowerBound])))
            pieces.append(.slot(rest[open.upperBound..<close.lowerBound].trimmingBlanks))
            rest = rest[close.upperBound...]
        }
        pieces.append(.literal(String(rest)))
        self.pieces = pieces
    }

    /// Names of the template's slots, so a missing value is caught at start-up.
    var slots: Set<String> {
        Set(pieces.compactMap { if case .slot(let name) = $0 { name } else { nil } })
    }

    /// Renders with `values`; a slot with no value renders empty.
    func render(_ values: [String: Value]) -> RenderedHTML {
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .slot(let name):
                switch values[name] {
                case .text(let text): out += HTMLEscaping.escape(text)
                case .html(let html): out += html.markup
                case nil: break
                }
            }
        }
        return RenderedHTML(markup: out)
    }
}
