import Glibc

/// Serves files from one folder and nothing outside it, whatever the path
/// says: `..`, NUL and backslashes are refused, symlinks are resolved and the
/// result must still lie inside the folder. Sub-folders it is told to refuse
/// (templates, say) are never served, by any spelling. Answers `ETag`
/// revalidation with 304.
public struct StaticFiles: Sendable {
    /// The folder, with symlinks resolved.
    public let root: String
    /// Files larger than this are not served (the folder holds pages and images).
    public let maxFileBytes: Int
    /// Top-level sub-folders never served, by name and by resolved path.
    private let refused: [RefusedFolder]

    private struct RefusedFolder: Sendable {
        /// The name in upper case: compared without regard to case, since on a
        /// case-insensitive file system `/Templates` opens `templates`.
        let name: String
        /// With symlinks resolved, so a link to it, or a spelling the file system folds onto it, is refused too.
        let resolved: String?
    }

    /// `refusing`: names of sub-folders directly under `root` never served (404).
    public init(root: String, maxFileBytes: Int = ServerLimits().maxStaticFileBytes, refusing: [String] = []) throws(HTTPError) {
        guard let resolved = Self.realPath(root) else {
            throw HTTPError(.internalServerError, logDetail: "public folder \(root) does not exist")
        }
        self.root = resolved
        self.maxFileBytes = maxFileBytes
        refused = refusing.map { RefusedFolder(name: $0.uppercased(), resolved: Self.realPath(resolved + "/" + $0)) }
    }

    public func serve(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let segments = request.pathSegments
        // Empty segments are refused before the last ("/a/" is a folder), as the parser does, so that no
        // request built another way can shift which segment is the top-level folder.
        guard segments.allSatisfy(Self.isPlainName), !segments.dropLast().contains(where: \.isEmpty) else {
            throw HTTPError(.badRequest, message: "Bad path")
        }
        if let top = segments.first, refused.contains(where: { $0.name == top.uppercased() }) { throw HTTPError(.notFound) }
        // A folder (or "/") means its index.html.
        var relative = segments
        if relative.last == "" { relative.removeLast() }
        if segments.isEmpty || segments.last == "" { relative.append("index.html") }
        let candidate = root + "/" + relative.joined(separator: "/")
        let root = self.root
        let refusedPaths = refused.compactMap(\.resolved)
        let limit = maxFileBytes
        let file = try await BlockingWork.run { () throws(HTTPError) -> StaticFile in
            guard let resolved = Self.realPath(candidate), Self.lies(resolved, inside: root),
                  !refusedPaths.contains(where: { Self.lies(resolved, inside: $0) }) else { throw HTTPError(.notFound) }
            return try StaticFile.read(resolved, maxBytes: limit)
        }
        var headers = HTTPHeaders([("Content-Type", ContentTypes.forPath(candidate)), ("ETag", file.etag), ("Cache-Control", "no-cache")])
        if ContentTypes.isHTML(candidate) {
            SecurityHeaders.addHTMLHeaders(to: &headers)
        }
        if Self.matches(request.headers["If-None-Match"], etag: file.etag) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        return HTTPResponse(status: .ok, headers: headers, body: file.bytes)
    }

    /// A segment that names one entry of its folder: not `.` or `..`, and no
    /// `/`, `\` or NUL. Checked on UTF-8 bytes, never Characters: `/`
    /// followed by a combining mark (U+0301) is one Character that is not
    /// `/`, but the file system still splits the path there.
    private static func isPlainName(_ segment: String) -> Bool {
        let bytes = segment.utf8
        if bytes.elementsEqual(".".utf8) || bytes.elementsEqual("..".utf8) { return false }
        return !bytes.contains { $0 == 0 || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }
    }

    /// Whether `path` is below `folder` (both resolved), compared as bytes.
    private static func lies(_ path: String, inside folder: String) -> Bool {
        path.utf8.starts(with: (folder + "/").utf8)
    }

    /// RFC 9110 §13.1.2: a list of entity tags or `*`, compared weakly.
    private static func matches(_ ifNoneMatch: String?, etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        let bare = { (tag: Substring) in tag.hasPrefix("W/") ? tag.dropFirst(2) : tag }
        return ifNoneMatch.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingSpaces()
            return tag == "*" || bare(tag) == bare(etag[...])
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A regular file's bytes and validator.
struct StaticFile: Sendable {
    let bytes: [UInt8]
    let etag: String

    static func read(_ path: String, maxBytes: Int) throws(HTTPError) -> StaticFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPError(.notFound) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw HTTPError(.notFound) }
        guard Int(info.st_size) <= maxBytes else { throw HTTPError(.notFound, logDetail: "\(path) is larger than the static file limit") }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            offset += count
        }
        bytes.removeLast(bytes.count - offset)
        let modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        return StaticFile(bytes: bytes, etag: "W/\"\(String(offset, radix: 16))-\(String(modified, radix: 16))\"")
    }
}
