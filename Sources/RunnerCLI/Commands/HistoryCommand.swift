import CivilTime
import Config
import FoundationEssentials
import JSON
import Postgres
import Store

/// `history`: recorded runs, newest first.
enum HistoryCommand {
    static let spec = CommandSpec(
        path: ["history"], summary: "recorded runs and skipped firings, newest first",
        usage: "history [JOB] [--limit N] [--json]",
        details: "Times are shown in each job's zone (UTC for jobs no longer declared).",
        options: [OptionSpec(name: "limit", valueName: "N", summary: "how many runs (default 50)"),
                  OptionSpec(name: "json", valueName: nil, summary: "print a JSON array")],
        positionals: 0...1, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        var limit = 50
        if let text = arguments.options["limit"] {
            guard let parsed = Int(text), (1...100_000).contains(parsed) else {
                context.complain("error: --limit: \"\(text)\" is not a number 1-100000")
                return .usage
            }
            limit = parsed
        }
        guard let url = context.databaseURL() else { return .usage }
        let catalog = try? JobCatalog.load(jobsDirectory: context.variables["JOBS_DIR"] ?? "Jobs",
                                           templatesDirectory: context.variables["TEMPLATES_DIR"] ?? "Templates")
        let records: [RunRecord]
        do {
            records = try await RunStore(database: Database(url)).history(job: arguments.positionals.first,
                    limit: limit)
        } catch {
            context.logger.error("cannot read run history", ["error": "\(error)"])
            return .failure
        }
        var listing = Listing(columns: ["id", "job", "scheduled_for", "trigger", "status", "attempt", "runner",
                                        "started_at", "finished_at", "error"])
        for record in records {
            let zone = catalog?.job(named: record.job)?.timeZone ?? Zone.utc
            listing.add([.number(JSONNumber(text: String(record.id))), .string(record.job),
                         Listing.time(record.scheduledFor, in: zone),
                         .string(record.trigger.rawValue), .string(record.status.rawValue), .int(record.attempt),
                         .string(record.runner),
                         Listing.time(record.startedAt, in: zone), Listing.time(record.finishedAt, in: zone),
                         record.error.map(JSONValue.string) ?? .null])
        }
        context.write(listing.render(json: arguments.flags.contains("json")))
        return .success
    }
}
