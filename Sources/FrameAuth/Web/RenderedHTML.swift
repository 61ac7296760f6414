import FoundationEssentials
import HTTPServer

/// Markup produced by rendering a template.
struct RenderedHTML: Sendable {
    fileprivate(set) var markup: String
}
