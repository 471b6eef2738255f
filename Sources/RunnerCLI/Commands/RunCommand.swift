import Config
import Cron
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Jobs
import Postgres
import Scheduler
import Store

/// `run JOB`: one run now, by hand or from a Kubernetes CronJob.
enum RunCommand {
    static let spec = CommandSpec(
        path: ["run"], summary: "run one job now (by hand or as a CronJob)",
        usage: "run JOB [--at TIME] [--dry-run] [--force]",
        details: """
            Records a run with trigger 'manual'. --at sets the logical time (RFC 3339; without an offset, local to
            the job's zone); a logical time equal to a firing that already ran is refused unless --force.
            --dry-run prints what would happen and writes nothing. Exit 0 when the run succeeds, 1 when it fails.
            """,
        options: [
            OptionSpec(name: "at", valueName: "TIME", summary: "logical time of the run (default now)"),
            OptionSpec(name: "dry-run", valueName: nil, summary: "print what would happen; send and write nothing"),
            OptionSpec(name: "force", valueName: nil, summary: "run even if this firing already ran"),
        ],
        positionals: 1...1, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let (environment, catalog) = context.configuration(),
              let job = context.job(arguments.positionals[0], in: catalog) else { return .usage }
        var logicalTime = Date()
        if let text = arguments.options["at"] {
            guard let parsed = TimeText.parse(text, in: job.timeZone) else {
                context.complain("error: --at: \"\(text)\" is not a time like 2026-11-30T06:30 or 2026-11-30T06:30:00-05:00")
                return .usage
            }
            logicalTime = parsed
        }
        let logger = context.logger.with(["job": job.name])

        if arguments.flags.contains("dry-run") {
            let runContext = RunContext(job: job, program: catalog.program, environment: environment, runID: nil,
                                        scheduledFor: logicalTime, attempt: 1, dryRun: true, logger: logger)
            do {
                let outcome = try await context.executors(environment: environment, database: nil, mail: nil)(job.kind).run(runContext)
                if let output = outcome.output { context.print(output) }
                return .success
            } catch {
                context.complain("error: \(error)")
                return .failure
            }
        }

        guard let url = context.databaseURL() else { return .usage }
        let database = Database(url)
        let store = RunStore(database: database)
        do {
            if !arguments.flags.contains("force"), isFiring(job.schedule, logicalTime),
               let earlier = try await store.completedOrRunning(job: job.name, scheduledFor: logicalTime) {
                context.complain("error: the firing \(TimeText.format(logicalTime, in: job.timeZone)) of \(job.name) already ran "
                                 + "(run \(earlier.id), \(earlier.status.rawValue)); use --force to run it again")
                return .failure
            }
            let id = try await store.startManual(job: job.name, scheduledFor: logicalTime, runner: environment.runnerID)
            // A command job without notifyOnFailure never mails: no transport, no OUTBOX_DIR (read-only root filesystems).
            let needsMail = job.kind != .command || !job.notifyOnFailure.isEmpty
            let mail = needsMail ? context.mailService(environment: environment, database: database) : nil
            let notify = context.failureNotifier(environment: environment, catalog: catalog, mail: mail)
            let status = await execute(job, id: id, at: logicalTime, catalog: catalog, environment: environment, store: store,
                                       executors: context.executors(environment: environment, database: database, mail: mail),
                                       notify: notify, context: context)
            return status == .succeeded ? .success : .failure
        } catch {
            logger.error("run failed", ["error": "\(error)"])
            return .failure
        }
    }

    /// Whether `date` is one of the schedule's firings.
    private static func isFiring(_ schedule: JobSchedule, _ date: Date) -> Bool {
        schedule.next(after: date.addingTimeInterval(-1)) == date
    }

    /// Runs with heartbeats; SIGTERM or SIGINT releases the run (abandoned) and ends the command.
    private static func execute(_ job: JobDefinition, id: Int64, at time: Date, catalog: JobCatalog,
                                environment: RunnerEnvironment, store: RunStore,
                                executors: @escaping @Sendable (JobKind) -> any JobExecutor,
                                notify: @escaping @Sendable (RunFailure) async -> Void,
                                context: CommandContext) async -> RunStatus {
        let stopping = ShutdownFlag()
        let executor = RunExecutor(store: store, executors: executors, program: catalog.program,
                                   environment: environment, logger: context.logger, isShuttingDown: { stopping.isSet },
                                   notifyFailure: notify)
        let settings = (try? SchedulerSettings.load(context.variables)) ?? SchedulerSettings()
        let work = Task {
            await executor.execute(job, RunExecutor.ClaimedRun(id: id, scheduledFor: time, trigger: .manual, attempt: 1))
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(settings.heartbeatInterval))
                try? await store.heartbeat(runIDs: [id])
            }
        }
        let watcher = SignalWatcher()
        watcher.watch([SIGTERM, SIGINT]) { _ in
            stopping.set()
            work.cancel()
        }
        let status = await work.value
        heartbeat.cancel()
        return status
    }
}

