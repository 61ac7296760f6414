import Foundation
@testable import FrameAuth
import Testing

/// The README's configuration table is what operators read: every key the
/// code knows, with the environment names and the default the code uses.
@Suite struct ReadmeConfigurationTableTests {
    struct Row {
        let key: String
        let environmentNames: [String]
        let defaultCell: String
    }

    static func rows() throws -> [String: Row] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../README.md").standardizedFileURL.path
        let readme = try String(contentsOfFile: path, encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Configuration").dropFirst().first?.components(separatedBy: "\n## ").first)
        var rows: [String: Row] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3 else { continue }
            let key = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            rows[key] = Row(key: key, environmentNames: Self.codeSpans(in: cells[1]), defaultCell: cells[2])
        }
        return rows
    }

    static func codeSpans(in text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    @Test func everyKey_hasARow_andNoRowNamesAnUnknownKey() throws {
        #expect(Set(try Self.rows().keys) == Set(ConfigurationKey.allCases.map(\.fileKey)))
    }

    @Test(arguments: ConfigurationKey.allCases)
    func row_namesTheEnvironmentVariables_theCodeReads(key: ConfigurationKey) throws {
        let row = try #require(try Self.rows()[key.fileKey])
        #expect(row.environmentNames == key.environmentNames)
    }

    @Test(arguments: ConfigurationKey.allCases)
    func row_givesTheDefault_theCodeUses(key: ConfigurationKey) throws {
        let row = try #require(try Self.rows()[key.fileKey])
        let shown = Configuration().displayValue(of: key)
        if shown.hasPrefix("not set") || shown == "none" || shown == "off" {
            let unset = ["none", "off", "generated"].contains { row.defaultCell.hasPrefix($0) }
            #expect(unset, "\(key.fileKey) has no default, but the README gives \(row.defaultCell)")
        } else {
            let documented = try #require(Self.codeSpans(in: row.defaultCell).first).replacingOccurrences(of: "<port>", with: "8080")
            // The code may add a unit ("60 s"); the README's code span is the value.
            #expect(documented == shown || shown.hasPrefix(documented + " "), "README: \(documented); code: \(shown)")
        }
    }
}
