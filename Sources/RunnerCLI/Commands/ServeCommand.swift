import Config
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Jobs
import Metrics
import Postgres
import Scheduler

/// `serve`: the scheduler, until SIGTERM or SIGINT; SIGHUP reloads the job files.
enum ServeCommand {
    static let spec = CommandSpec(
        path: ["serve"], summary: "run the scheduler until SIGTERM/SIGINT (SIGHUP reloads Jobs/)",
        usage: "serve",
        details: """
            Fires the declared jobs on time, exactly once across any number of replicas. On SIGTERM it stops
            claiming, lets running jobs finish for RUNNER_SHUTDOWN_GRACE (default 20s), releases the rest as
            abandoned (retried elsewhere) and exits 0. Run 'baseline-runner migrate' first.
            """,
        options: [], positionals: 0...0, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let (environment, catalog) = context.configuration(),
              let url = context.databaseURL() else { return .usage }
        let settings: SchedulerSettings
        do {
            settings = try SchedulerSettings.load(context.variables)
        } catch {
            error.errors.forEach { context.complain("error: \($0)") }
            return .usage
        }
        let database = Database(url)
        let metrics = RunnerMetrics.registry(version: CLI.version)
        guard let mail = context.mailService(environment: environment, database: database, metrics: metrics) else {
            return .usage
        }
        let scheduler = Scheduler(catalog: catalog, database: database, settings: settings, environment: environment,
                                  executors: context.executors(environment: environment,
                                          database: Database(url, label: "baseline-runner.jobs"), mail: mail),
                                  notifyFailure: context.failureNotifier(environment: environment, catalog: catalog,
                                          mail: mail),
                                  housekeeping: { [logger = context.logger] in
                                      do {
                                          try await mail.dispatcher.resumeLeftovers(sender: mail.sender.address)
                                      } catch {
                                          logger.error("mail housekeeping failed", ["error": "\(error)"])
                                      }
                                  },
                                  metrics: metrics, logger: context.logger)
        // The endpoint (METRICS_ADDR, default :9464, "off" for none) answers on its own thread.
        var endpointTask: Task<Void, Never>?
        let address = context.variables["METRICS_ADDR"] ?? ":9464"
        if address != "off" {
            do {
                let endpoint = try RunnerEndpoint(address: address, metrics: metrics, loop: scheduler.loopHeartbeat,
                                                  heartbeat: settings.heartbeatInterval)
                endpointTask = Task { [logger = context.logger] in
                    await endpoint.run(database: Database(url, label: "baseline-runner.ready"), metrics: metrics,
                                       logger: logger)
                }
            } catch {
                context.complain("error: METRICS_ADDR: \(error) (set METRICS_ADDR=off to run without the endpoint)")
                return .usage
            }
        }
        let watcher = SignalWatcher()
        watcher.watch([SIGTERM, SIGINT, SIGHUP]) { number in
            Task {
                if number == SIGHUP {
                    await scheduler.requestReload {
                        try JobCatalog.load(jobsDirectory: environment.jobsDirectory,
                                            templatesDirectory: environment.templatesDirectory)
                    }
                } else {
                    await scheduler.requestStop()
                }
            }
        }
        await scheduler.run()
        endpointTask?.cancel()
        await endpointTask?.value
        return .success
    }
}
