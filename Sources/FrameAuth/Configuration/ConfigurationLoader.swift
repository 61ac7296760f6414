/// Builds the configuration from every source, in contract §2's order:
/// built-in defaults < config file < `.env` in the working directory <
/// process environment < command-line flags.
public enum ConfigurationLoader {
    /// `arguments` excludes the program name. Every problem in every source
    /// is reported together; on success nothing was wrong.
    public static func load(
        arguments: [String], environment: [String: String], workingDirectory: String
    ) -> Result<LoadedConfiguration, ConfigurationProblems> {
        load(arguments: arguments, environment: environment, workingDirectory: workingDirectory, read: ConfigurationFileReader.read)
    }

    /// The same, reading every file through `read`.
    static func load(
        arguments: [String], environment: [String: String], workingDirectory: String, read: @escaping ConfigurationFileReader.Read
    ) -> Result<LoadedConfiguration, ConfigurationProblems> {
        let parsed = ParsedArguments(arguments)
        var problems: [ConfigurationProblem] = []

        var dotEnv = DotEnvFile("")
        let dotEnvPath = ConfigurationFileReader.resolve(".env", in: workingDirectory)
        switch read(dotEnvPath, ConfigurationFileReader.sizeLimit) {
        case .success(let bytes): dotEnv = DotEnvFile(String(decoding: bytes, as: UTF8.self))
        case .failure(.missing): break
        case .failure(let failure):
            problems.append(ConfigurationProblem(
                key: dotEnvPath, source: .dotEnv,
                message: "cannot be read: \(failure.reason); fix its permissions or remove it"))
        }
        problems += dotEnv.problems

        let (configFilePath, configFile) = readConfigFile(parsed, environment, dotEnv, workingDirectory, read)
        let layers = [
            configFile,
            ConfigurationLayer.environment(dotEnv.variables, source: .dotEnv),
            ConfigurationLayer.environment(environment, source: .environment),
            parsed.layer,
        ]
        problems += layers.flatMap(\.problems)

        var resolver = ConfigurationResolver(settings: ConfigurationLayer.merge(layers), workingDirectory: workingDirectory, read: read)
        let configuration = resolver.resolve()
        problems += resolver.problems
        guard problems.isEmpty else { return .failure(ConfigurationProblems(problems)) }
        return .success(LoadedConfiguration(
            configuration: configuration, checkOnly: parsed.checkOnly, importJournal: parsed.importJournal,
            configFilePath: configFilePath, origins: resolver.origins))
    }

    /// `--help` or `-h` anywhere on the command line: print `usage` and exit
    /// before loading anything.
    public static func isHelpRequested(arguments: [String]) -> Bool {
        ParsedArguments(arguments).helpRequested
    }

    /// `--healthcheck` anywhere on the command line: the process asks a
    /// running server for its health instead of serving, so even a
    /// configuration that fails to load must end in the health check's exit
    /// status, not the usual one.
    public static func isHealthCheckRequested(arguments: [String]) -> Bool {
        ParsedArguments(arguments).healthCheck
    }

    /// The config file is named by `--config`, else `FRAMEAUTH_CONFIG` in the
    /// environment, else in `.env`; relative paths are under the working
    /// directory. Naming one that cannot be read is a problem.
    private static func readConfigFile(
        _ parsed: ParsedArguments, _ environment: [String: String], _ dotEnv: DotEnvFile, _ workingDirectory: String,
        _ read: ConfigurationFileReader.Read
    ) -> (path: String?, layer: ConfigurationLayer) {
        let variable = ConfigurationKey.configFileVariable
        let candidates: [(name: String, source: ConfigurationSource, path: String?)] = [
            ("--config", .flag, parsed.configFilePath),
            (variable, .environment, environment[variable]),
            (variable, .dotEnv, dotEnv.variables[variable]),
        ]
        guard let chosen = candidates.first(where: { !($0.path ?? "").isEmpty }), let given = chosen.path else {
            return (nil, ConfigurationLayer())
        }
        let path = ConfigurationFileReader.resolve(given, in: workingDirectory)
        switch read(path, ConfigurationFileReader.sizeLimit) {
        case .success(let bytes):
            return (path, ConfigurationLayer.configFile(bytes, path: path))
        case .failure(let failure):
            var layer = ConfigurationLayer()
            layer.problems.append(ConfigurationProblem(
                key: chosen.name, source: chosen.source,
                message: "cannot read \(path): \(failure.reason); give the path of a readable JSON file like config.example.json"))
            return (path, layer)
        }
    }
}
