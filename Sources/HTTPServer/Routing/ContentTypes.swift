/// Media types by file extension, for the kinds of file a public folder holds.
enum ContentTypes {
    private static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "json": "application/json",
        "txt": "text/plain; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "ico": "image/x-icon",
        "webp": "image/webp",
        "woff2": "font/woff2",
    ]

    static func forPath(_ path: String) -> String {
        byExtension[fileExtension(path)] ?? "application/octet-stream"
    }

    static func isHTML(_ path: String) -> Bool { fileExtension(path) == "html" }

    private static func fileExtension(_ path: String) -> String {
        guard let name = path.split(separator: "/").last, let dot = name.lastIndex(of: ".") else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
