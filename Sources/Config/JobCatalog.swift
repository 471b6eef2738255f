import Cron
import FoundationEssentials
import JSON
import MIME
import Program

/// Everything declared in `JOBS_DIR`: the program and its jobs, validated together.
public struct JobCatalog: Sendable {
    /// The baseline program from `program.json`.
    public let program: ProgramDefinition
    /// The jobs, sorted by name.
    public let jobs: [JobDefinition]
    /// Problems that do not stop a job (roster lines a survey will skip), for `validate` to print.
    public let warnings: [ConfigError]

    /// The job with this name.
    public func job(named name: String) -> JobDefinition? { jobs.first { $0.name == name } }

    /// Reads and validates `JOBS_DIR`, checking each job against the descriptor of its kind among `kinds`
    /// and template names against `templatesDirectory`.
    ///
    /// - Throws: `ConfigErrors` with every problem found, not just the first.
    public static func load(jobsDirectory: String, templatesDirectory: String,
                            kinds: [JobKindDescriptor]) throws(ConfigErrors) -> JobCatalog {
        let diagnostics = Diagnostics()
        let registered = Dictionary(kinds.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        let loader = CatalogLoader(jobsDirectory: jobsDirectory, templatesDirectory: templatesDirectory,
                                   kinds: registered, diagnostics: diagnostics)
        let catalog = loader.load()
        if let catalog, diagnostics.errors.isEmpty { return catalog }
        throw ConfigErrors(errors: diagnostics.errors)
    }
}

/// Every configuration problem found in one pass.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public let errors: [ConfigError]

    /// Creates the collection.
    public init(errors: [ConfigError]) { self.errors = errors }

    /// One problem per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
