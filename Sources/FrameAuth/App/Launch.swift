import FoundationEssentials

/// What `frameauth` does with its command line: print help, check the
/// configuration, check a running server's health, copy a journal into
/// Redis, report problems, or run.
public enum Launch {
    public enum Outcome: Sendable {
        case exit(code: Int32, output: String)
        case run(Configuration)
    }

    /// Blocks for up to a few seconds with `--healthcheck`, which makes a
    /// request, and for as long as the copy takes with `--import-journal`.
    public static func decide(arguments: [String], environment: [String: String], workingDirectory: String) -> Outcome {
        if ConfigurationLoader.isHelpRequested(arguments: arguments) {
            return .exit(code: 0, output: ConfigurationLoader.usage)
        }
        let healthCheck = ConfigurationLoader.isHealthCheckRequested(arguments: arguments)
        switch ConfigurationLoader.load(arguments: arguments, environment: environment, workingDirectory: workingDirectory) {
        case .failure where healthCheck:
            // Docker reserves exit status 2, and a health log wants one line.
            return .exit(code: 1, output: "frameauth --healthcheck: unhealthy: the configuration has problems; frameauth --check-config lists them\n")
        case .failure(let problems):
            return .exit(code: 2, output: "frameauth: the configuration has problems, nothing was started:\n\(problems.description)\n")
        case .success(let loaded) where healthCheck:
            return HealthCheck.run(loaded.configuration)
        case .success(let loaded) where loaded.checkOnly:
            return .exit(code: 0, output: ConfigurationReport(loaded).text)
        case .success(let loaded) where loaded.importJournal:
            return JournalImport.run(loaded.configuration, log: AppLog.write)
        case .success(let loaded):
            return .run(loaded.configuration)
        }
    }
}
