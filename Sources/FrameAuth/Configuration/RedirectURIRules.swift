/// The redirect URI's path is the callback route, so it must not be `/` or
/// shadow one of FrameAuth's own routes (`RoutePaths`; contract §3, §5, §6).
enum RedirectURIRules {

    /// The path of an absolute URL: after the authority, before `?` or `#`;
    /// `/` when empty. Nil when there is no `scheme://`.
    static func path(of uri: String) -> String? {
        guard let origin = origin(of: uri) else { return nil }
        let rest = uri.dropFirst(origin.count)
        let pathEnd = rest.firstIndex(where: { "?#".contains($0) }) ?? rest.endIndex
        let path = String(rest[..<pathEnd])
        return path.isEmpty ? "/" : path
    }

    /// `scheme://authority` of an absolute URL; nil when there is no `scheme://`.
    static func origin(of uri: String) -> String? {
        guard let schemeEnd = uri.firstRange(of: "://") else { return nil }
        let afterScheme = uri[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { "/?#".contains($0) }) ?? afterScheme.endIndex
        return String(uri[..<authorityEnd])
    }

    static func pathProblem(_ path: String) -> String? {
        let fix = "register a path of its own with the Frame.io app, such as /callback, and use the same here"
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed == "/" {
            return "its path is /, which serves the landing page; \(fix)"
        }
        let collides = RoutePaths.exact.contains(String(trimmed))
            || RoutePaths.prefixes.contains { trimmed == $0 || trimmed.hasPrefix($0 + "/") }
        return collides ? "its path \(trimmed) is one of FrameAuth's own routes; \(fix)" : nil
    }
}
