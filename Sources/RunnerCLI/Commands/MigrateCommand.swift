import Postgres
import Store

/// `migrate`: creates or upgrades the runner's tables; idempotent and safe to run from several replicas.
enum MigrateCommand {
    static let spec = CommandSpec(
        path: ["migrate"], summary: "create or upgrade the runner's own tables (idempotent, versioned)",
        usage: "migrate",
        details: "Applies the migrations compiled into this binary to the schema \(RunnerSchema.name) of "
            + "DATABASE_URL,\nunder an advisory lock, each in its own transaction.",
        options: [], positionals: 0...0, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let url = context.databaseURL() else { return .usage }
        let database = Database(url)
        do {
            let outcome = try await database.withConnection { try RunnerSchema.migrator.migrate($0) }
            for version in outcome.applied {
                let name = RunnerSchema.migrations.first { $0.version == version }?.name ?? ""
                context.logger.info("applied migration", ["version": "\(version)", "name": name])
            }
            if !outcome.unknown.isEmpty {
                context.logger.warning("database has migrations this binary does not know; a newer version migrated it",
                                       ["versions": outcome.unknown.map(String.init).joined(separator: ",")])
            }
            let latest = RunnerSchema.migrations.map(\.version).max() ?? 0
            let applied = outcome.applied.map(String.init).joined(separator: ", ")
            context.print(outcome.applied.isEmpty ? "schema \(RunnerSchema.name) is up to date (version \(latest))"
                                                  : "schema \(RunnerSchema.name) migrated to version \(latest) "
                                                      + "(applied \(applied))")
            return .success
        } catch {
            context.logger.error("migration failed", ["error": "\(error)"])
            return .failure
        }
    }
}
