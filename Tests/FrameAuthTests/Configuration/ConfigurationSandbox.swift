import Foundation
import Testing
@testable import FrameAuth

/// A fresh working directory for one test, holding whatever files it needs
/// (`.env`, a config file, secret files), removed when the test ends.
final class ConfigurationSandbox {
    let path: String

    private init(path: String) {
        self.path = path
    }

    static func make(files: [String: String] = [:]) throws -> ConfigurationSandbox {
        let path = FileManager.default.temporaryDirectory.path + "/frameauth-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let sandbox = ConfigurationSandbox(path: path)
        for (name, contents) in files { try sandbox.write(name, contents) }
        return sandbox
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let file = path + "/" + name
        try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    func load(_ arguments: [String] = [], environment: [String: String] = [:]) -> Result<LoadedConfiguration, ConfigurationProblems> {
        ConfigurationLoader.load(arguments: arguments, environment: environment, workingDirectory: path)
    }

    /// The loaded configuration; fails the test, listing the problems, if there were any.
    func loaded(
        _ arguments: [String] = [], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> LoadedConfiguration {
        switch load(arguments, environment: environment) {
        case .success(let loaded): return loaded
        case .failure(let problems):
            Issue.record("unexpected problems:\n\(problems)", sourceLocation: sourceLocation)
            throw problems
        }
    }

    /// The problems found; empty when the configuration was valid.
    func problems(_ arguments: [String] = [], environment: [String: String] = [:]) -> [ConfigurationProblem] {
        switch load(arguments, environment: environment) {
        case .success: []
        case .failure(let problems): problems.problems
        }
    }
}
