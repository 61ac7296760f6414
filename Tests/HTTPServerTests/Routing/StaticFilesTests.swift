import Foundation
@testable import HTTPServer
import Testing

/// Static files from a temporary folder, in-process, without a socket.
@Suite struct StaticFilesTests {
    /// A public folder: `index.html`, a folder `a/b/`, a file `a/` + a lone
    /// combining mark (what `/a/b/..%2F%CC%81` would reach), and
    /// `templates/layout.html` with a symlink `link` to `templates`.
    private final class PublicFolder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("static-\(UUID().uuidString)").path

        init() throws {
            let files = FileManager.default
            try files.createDirectory(atPath: path + "/a/b", withIntermediateDirectories: true)
            try Data("<p>index</p>".utf8).write(to: URL(fileURLWithPath: path + "/index.html"))
            try Data("mark".utf8).write(to: URL(fileURLWithPath: path + "/a/\u{301}"))
            try files.createDirectory(atPath: path + "/templates", withIntermediateDirectories: true)
            try Data("{{content}}".utf8).write(to: URL(fileURLWithPath: path + "/templates/layout.html"))
            try files.createSymbolicLink(atPath: path + "/link", withDestinationPath: path + "/templates")
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    private static func status(_ files: StaticFiles, _ target: String) async throws -> Int {
        let request = try HTTPRequest.make(.get, target)
        do { return try await files.serve(request).status.code } catch { return error.status.code }
    }

    @Test func serve_answersAFile_andTheIndexOfAFolder() async throws {
        let folder = try PublicFolder()
        let files = try StaticFiles(root: folder.path)
        #expect(try await Self.status(files, "/index.html") == 200)
        #expect(try await Self.status(files, "/") == 200)
        #expect(try await Self.status(files, "/a/%CC%81") == 200)
        #expect(try await Self.status(files, "/missing.html") == 404)
    }

    /// A separator, NUL or backslash followed by a combining mark is one
    /// Swift Character that is none of them; the filter must see the bytes.
    @Test func serve_refusesSeparatorsNULAndBackslashes_evenWhenACombiningMarkFollows() async throws {
        let folder = try PublicFolder()
        let files = try StaticFiles(root: folder.path)
        for target in ["/a/b/..%2F%CC%81", "/index.html%00%CC%81", "/x%5C%CC%81", "/a%2F%CC%81"] {
            let status = try await Self.status(files, target)
            #expect(status == 400, "\(target) answered \(status)")
        }
    }

    @Test func serve_neverAnswersFromARefusedFolder_byAnySpellingOrLink() async throws {
        let folder = try PublicFolder()
        #expect(try await Self.status(try StaticFiles(root: folder.path), "/templates/layout.html") == 200, "served when not refused")
        let files = try StaticFiles(root: folder.path, refusing: ["templates"])
        for target in ["/templates/layout.html", "/Templates/layout.html", "/TEMPLATES/", "/%74emplates/layout.html", "/link/layout.html"] {
            #expect(try await Self.status(files, target) == 404, "\(target)")
        }
        #expect(try await Self.status(files, "/index.html") == 200)
    }

    /// A request not from the parser (which refuses `//`) must not shift
    /// which segment is the top-level folder either.
    @Test func serve_refusesEmptySegmentsBeforeTheLast() async throws {
        let folder = try PublicFolder()
        let files = try StaticFiles(root: folder.path, refusing: ["templates"])
        var request = try HTTPRequest.make(.get, "/x/templates/layout.html")
        request.pathSegments = ["", "templates", "layout.html"]
        do { _ = try await files.serve(request); Issue.record("served") } catch { #expect(error.status == .badRequest) }
    }
}
