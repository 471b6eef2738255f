import Config
import Cron
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Jobs
import Metrics
import Postgres
import Scheduler
import Store

/// `run JOB`: one run now, by hand (`manual`) or as a Kubernetes CronJob (`--scheduled`, the same
/// exactly-once claim as `serve`).
enum RunCommand {
    static let spec = CommandSpec(
        path: ["run"], summary: "run one job now (by hand, or as a CronJob with --scheduled)",
        usage: "run JOB [--at TIME] [--dry-run] [--force] [--scheduled]",
        details: """
            Records a run with trigger 'manual'. --at sets the logical time (RFC 3339; without an offset, local to
            the job's zone); a logical time equal to a firing that already ran is refused unless --force.
            --dry-run renders and prints what the run would produce (reports in full) and sends and writes nothing.
            --scheduled is the CronJob form: it claims the job's most recent firing at or before now (or --at) within
            startingDeadline, exactly as 'serve' does, so a firing runs once however many pods start; an already
            claimed firing, or none within the deadline (recorded 'skipped'), exits 0 with one line saying so.
            Exit 0 when the run succeeds and is recorded, 1 when it fails or its outcome cannot be recorded.
            """,
        options: [
            OptionSpec(name: "at", valueName: "TIME", summary: "logical time of the run (default now)"),
            OptionSpec(name: "dry-run", valueName: nil, summary: "print what would happen; send and write nothing"),
            OptionSpec(name: "force", valueName: nil, summary: "run even if this firing already ran"),
            OptionSpec(name: "scheduled", valueName: nil,
                summary: "CronJob mode: claim the latest due firing like serve"),
        ],
        positionals: 1...1, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let (environment, catalog) = context.configuration(),
              let job = context.job(arguments.positionals[0], in: catalog) else { return .usage }
        var logicalTime = Date()
        if let text = arguments.options["at"] {
            guard let parsed = TimeText.parse(text, in: job.timeZone) else {
                context.complain("error: --at: \"\(text.prefix(40))\" is not a time like 2026-11-30T06:30 "
                                 + "or 2026-11-30T06:30:00-05:00")
                return .usage
            }
            logicalTime = parsed
        }
        let scheduled = arguments.flags.contains("scheduled")
        if scheduled && (arguments.flags.contains("force") || arguments.flags.contains("dry-run")) {
            context.complain("error: --scheduled claims a firing as serve does; "
                             + "it cannot be combined with --force or --dry-run")
            return .usage
        }
        guard let url = context.databaseURL() else { return .usage }
        let database = Database(url)

        if arguments.flags.contains("dry-run") {
            return await dryRun(job, at: logicalTime, catalog: catalog, environment: environment, database: database,
                context: context)
        }
        let store = RunStore(database: database)
        let settings = (try? SchedulerSettings.load(context.variables)) ?? SchedulerSettings()
        // A job that may mail needs mail set up; an unusable outbox or transport is a configuration error.
        let needsMail = JobKinds.descriptor(for: job.kind)?.mail != .never || !job.notifyOnFailure.isEmpty
        // With PUSHGATEWAY_URL the run's series are pushed when it ends (the batch-job convention).
        let pushgateway = context.variables["PUSHGATEWAY_URL"].flatMap {
            $0.isEmpty ? nil : PushgatewayClient(baseURL: $0)
        }
        let metrics = pushgateway == nil ? nil : RunnerMetrics.registry(version: CLI.version)
        var mail: MailService?
        if needsMail {
            guard let service = context.mailService(environment: environment, database: database,
                metrics: metrics) else {
                return .usage
            }
            mail = service
        }
        let runner = Runner(job: job, catalog: catalog, environment: environment, store: store, settings: settings,
                            mail: mail, database: database, context: context, metrics: metrics)
        do {
            // Without a serve replica (CronJob deployments) nobody else expires leases: every run does.
            try await runner.sweepExpiredLeases()
            let status = scheduled ? try await runner.runScheduled(now: logicalTime)
                                   : try await runner.runManual(at: logicalTime,
                                       force: arguments.flags.contains("force"))
            if let pushgateway, let metrics {
                do {
                    try pushgateway.push(job: job.name, body: metrics.exposition(only: RunnerMetrics.jobFamilies))
                } catch {
                    context.logger.warning("metrics not pushed; the run's outcome is recorded all the same",
                                           ["job": job.name, "error": "\(error)"])
                }
            }
            return status
        } catch {
            context.logger.error("run failed", ["job": job.name, "error": "\(error)"])
            context.complain("error: \(error)")
            return .failure
        }
    }

    /// Renders and prints what the run would produce: reads allowed, no mail, no writes.
    private static func dryRun(_ job: JobDefinition, at time: Date, catalog: JobCatalog, environment: RunnerEnvironment,
                               database: Database, context: CommandContext) async -> ExitStatus {
        let runContext = RunContext(job: job, program: catalog.program, environment: environment, mode: .dryRun,
                                    scheduledFor: time, attempt: 1, logger: context.logger.with(["job": job.name]))
        do {
            let executor = context.executors(environment: environment, database: database, mail: nil)(job.kind)
            let outcome = try await executor.run(runContext)
            if let output = outcome.output { context.write(output.hasSuffix("\n") ? output : output + "\n") }
            return .success
        } catch {
            context.complain("error: \(error)")
            return .failure
        }
    }
}
