import Config
import Cron
import FoundationEssentials
import JSON
import Postgres
import Store

/// `jobs`: the declared jobs with their next firing and last run.
enum JobsCommand {
    static let spec = CommandSpec(
        path: ["jobs"], summary: "declared jobs with next fire time and last run status",
        usage: "jobs [--json]",
        details: "Without DATABASE_URL the last-run columns are empty.",
        options: [OptionSpec(name: "json", valueName: nil, summary: "print a JSON array")],
        positionals: 0...0, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let (_, catalog) = context.configuration() else { return .usage }
        var lastRuns: [String: RunRecord] = [:]
        if let url = context.variables["DATABASE_URL"], !url.isEmpty {
            do {
                lastRuns = try await RunStore(database: Database(url)).lastRuns()
            } catch {
                context.logger.error("cannot read run history", ["error": "\(error)"])
                return .failure
            }
        }
        var listing = Listing(columns: ["name", "kind", "schedule", "timezone", "next_fire", "last_status",
                                        "last_scheduled_for", "last_finished_at"])
        let now = Date()
        for job in catalog.jobs {
            let schedule: String
            switch job.schedule {
            case .cron(let cron): schedule = cron.expression.source
            case .once(let at): schedule = "at " + TimeText.format(at, in: job.timeZone)
            }
            let last = lastRuns[job.name]
            listing.add([.string(job.name), .string(job.kind.rawValue), .string(schedule),
                         .string(job.timeZone.identifier),
                         Listing.time(job.schedule.next(after: now), in: job.timeZone),
                         last.map { .string($0.status.rawValue) } ?? .null,
                         Listing.time(last?.scheduledFor, in: job.timeZone), Listing.time(last?.finishedAt,
                                 in: job.timeZone)])
        }
        context.write(listing.render(json: arguments.flags.contains("json")))
        return .success
    }
}
