import Foundation

/// What `frameauth` does with its command line: print help, check the
/// configuration, report problems, or run.
public enum Launch {
    public enum Outcome {
        case exit(code: Int32, output: String)
        case run(Configuration)
    }

    public static func decide(arguments: [String], environment: [String: String], workingDirectory: String) -> Outcome {
        if ConfigurationLoader.isHelpRequested(arguments: arguments) {
            return .exit(code: 0, output: ConfigurationLoader.usage)
        }
        switch ConfigurationLoader.load(arguments: arguments, environment: environment, workingDirectory: workingDirectory) {
        case .failure(let problems):
            return .exit(code: 2, output: "frameauth: the configuration has problems, nothing was started:\n\(problems.description)\n")
        case .success(let loaded) where loaded.checkOnly:
            return .exit(code: 0, output: ConfigurationReport(loaded).text)
        case .success(let loaded):
            return .run(loaded.configuration)
        }
    }
}
