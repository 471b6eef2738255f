import Config
import Cron
import Threading
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Metrics
import Postgres
import Store
import Synchronization

/// The `serve` loop: fires declared jobs on time, exactly once across replicas, with catch-up, overlap,
/// retries, leases and graceful shutdown (PRODUCT.md section 6).
///
/// It sleeps until the next due firing, heartbeat or retry (a wall-clock timer; no polling), claims
/// firings through `RunStore` (one insert wins per firing), and runs each claimed run as a task.
public actor Scheduler {
    private var catalog: JobCatalog
    private let store: any SchedulerStore
    private let clock: any SchedulerClock
    private let settings: SchedulerSettings
    private let environment: RunnerEnvironment
    private let executors: @Sendable (JobKind) -> any JobExecutor
    private let notifyFailure: @Sendable (RunFailure) async -> Void
    private let housekeeping: @Sendable () async -> Void
    private var housekeepingTask: Task<Void, Never>?
    private let logger: Logger
    private let runnerID: String
    private let wakeup = Wakeup()
    private let shutdownFlag = ShutdownFlag()

    private var cursors: [String: Date] = [:]
    private var queued: [String: [(Date, RunTrigger)]] = [:]
    private var running: [Int64: Task<Void, Never>] = [:]
    private var stopRequested = false
    private var reloadRequested: (@Sendable () throws -> JobCatalog)?
    private let metrics: MetricsRegistry?
    /// Beats after every whole tick (what `/healthz` reads).
    public nonisolated let loopHeartbeat = LoopHeartbeat()

    /// Creates a scheduler for `catalog` keeping its records in `database`, on the wall clock.
    public init(catalog: JobCatalog, database: Database, settings: SchedulerSettings, environment: RunnerEnvironment,
                executors: @escaping @Sendable (JobKind) -> any JobExecutor,
                notifyFailure: @escaping @Sendable (RunFailure) async -> Void,
                housekeeping: @escaping @Sendable () async -> Void = {}, metrics: MetricsRegistry? = nil,
                logger: Logger) {
        self.init(catalog: catalog, store: DatabaseSchedulerStore(database: database), clock: WallClock(),
                  settings: settings, environment: environment, executors: executors, notifyFailure: notifyFailure,
                  housekeeping: housekeeping, metrics: metrics, logger: logger)
    }

    /// Creates a scheduler for `catalog` over any store and clock (in-memory ones in tests).
    public init(catalog: JobCatalog, store: any SchedulerStore, clock: any SchedulerClock, settings: SchedulerSettings,
                environment: RunnerEnvironment, executors: @escaping @Sendable (JobKind) -> any JobExecutor,
                notifyFailure: @escaping @Sendable (RunFailure) async -> Void,
                housekeeping: @escaping @Sendable () async -> Void = {}, metrics: MetricsRegistry? = nil,
                logger: Logger) {
        self.metrics = metrics
        self.notifyFailure = notifyFailure
        self.housekeeping = housekeeping
        self.catalog = catalog
        self.store = store
        self.clock = clock
        self.settings = settings
        self.environment = environment
        self.executors = executors
        self.logger = logger.with(["runner": environment.runnerID])
        self.runnerID = environment.runnerID
    }

    // MARK: - Control

    /// Stops claiming and shuts down (SIGTERM, SIGINT).
    public func requestStop() {
        stopRequested = true
        wakeup.signal()
    }

    /// Reloads the job files on the next wake (SIGHUP); a bad set is refused and the old one kept.
    public func requestReload(_ load: @escaping @Sendable () throws -> JobCatalog) {
        reloadRequested = load
        wakeup.signal()
    }

    /// Runs until `requestStop()`, then lets running jobs finish within the grace period and releases
    /// the rest.
    public func run() async {
        await registerUntilAvailable()
        logger.info("scheduler started",
                    ["jobs": "\(catalog.jobs.count)", "heartbeat_s": "\(settings.heartbeatInterval)",
                                          "lease_s": "\(settings.lease)"])
        var nextHeartbeat = clock.now
        var livenessDue = true
        while !stopRequested {
            let now = clock.now
            var wake = now.addingTimeInterval(Double(settings.heartbeatInterval))
            do {
                if let load = reloadRequested { reload(load) }
                if now >= nextHeartbeat {
                    try await heartbeat()
                    nextHeartbeat = now.addingTimeInterval(Double(settings.heartbeatInterval))
                    livenessDue = true
                    startHousekeeping()
                }
                // A run that ends (and may schedule its retry) signals the wake-up, so this is current.
                let retryWake = try await startDueRetries().map { now.addingTimeInterval(max($0, 0.05)) }
                for job in catalog.jobs { try await plan(job, now: now) }
                try await startQueued(now: now)
                // The runner's own heartbeat (what `health` reads) only after a whole tick succeeded: a
                // scheduler whose every tick fails is not healthy, even while its runs keep their leases.
                if livenessDue {
                    try await store.runnerHeartbeat(id: runnerID)
                    livenessDue = false
                }
                loopHeartbeat.beat()
                for job in catalog.jobs {
                    if let next = cursors[job.name].flatMap({ job.schedule.next(after: $0) }) {
                        metrics?.set("baseline_runner_job_next_fire_timestamp_seconds", [job.name],
                                     next.timeIntervalSince1970)
                        if let following = job.schedule.next(after: next) {
                            metrics?.set("baseline_runner_job_interval_seconds", [job.name],
                                         following.timeIntervalSince(next))
                        }
                    }
                }
                wake = min(nextHeartbeat, nextFiring() ?? nextHeartbeat)
                if let retryWake { wake = min(wake, retryWake) }
                if queued.values.contains(where: { !$0.isEmpty }) { wake = min(wake, now.addingTimeInterval(1)) }
            } catch {
                logger.error("scheduler tick failed; retrying", ["error": "\(error)"])
                wake = now.addingTimeInterval(2)
            }
            await clock.sleep(until: wake, alarm: wakeup)
        }
        await shutdown()
    }

    // MARK: - Planning

    private func plan(_ job: JobDefinition, now: Date) async throws {
        let after = cursors[job.name] ?? now
        let decisions = FiringPlanner.decide(schedule: job.schedule, catchup: job.catchup,
                                             startingDeadline: job.startingDeadline,
                                             after: after, now: now)
        for decision in decisions {
            switch decision {
            case .skip(let firing, let trigger, let reason):
                if try await store.recordSkipped(job: job.name, scheduledFor: firing, trigger: trigger,
                                                 runner: runnerID, reason: reason) {
                    countSkipped(job.name, trigger)
                    logger.warning("firing skipped",
                            ["job": job.name, "scheduled_for": TimeText.format(firing, in: job.timeZone),
                             "reason": reason])
                }
            case .run(let firing, let trigger):
                try await claimAndStart(job, firing: firing, trigger: trigger)
            }
            cursors[job.name] = decision.scheduledFor
        }
    }

    private func claimAndStart(_ job: JobDefinition, firing: Date, trigger: RunTrigger) async throws {
        var overlap = RunStore.Overlap(rawValue: job.overlap.rawValue) ?? .skip
        // Catch-up runs go one after another, oldest first, unless the job allows overlap: a batch of
        // missed firings must not skip its own members.
        if trigger == .catchup && overlap == .skip { overlap = .queue }
        if let waiting = queued[job.name], !waiting.isEmpty, overlap == .queue {
            queued[job.name, default: []].append((firing, trigger))  // keep the order behind earlier ones
            return
        }
        switch try await store.claim(job: job.name, scheduledFor: firing, trigger: trigger, runner: runnerID,
                                     overlap: overlap) {
        case .claimed(let id):
            metrics?.observe("baseline_runner_firing_lateness_seconds", [], max(0, clock.now.timeIntervalSince(firing)))
            start(job, RunExecutor.ClaimedRun(id: id, scheduledFor: firing, trigger: trigger, attempt: 1))
        case .skipped(_, let reason):
            countSkipped(job.name, trigger)
            logger.warning("firing skipped",
                    ["job": job.name, "scheduled_for": TimeText.format(firing, in: job.timeZone), "reason": reason])
        case .lost:
            break
        case .waiting:
            queued[job.name, default: []].append((firing, trigger))
        }
    }

    /// Firings held back by `overlap: queue` run, oldest first, once the job is no longer running.
    private func startQueued(now: Date) async throws {
        for (name, waiting) in queued where !waiting.isEmpty {
            guard let job = catalog.job(named: name) else { queued[name] = nil; continue }
            var remaining = waiting
            while let (firing, trigger) = remaining.first {
                if now.timeIntervalSince(firing) > Double(job.startingDeadline) {
                    try await store.recordSkipped(job: name, scheduledFor: firing, trigger: trigger, runner: runnerID,
                                                  reason: "queued behind a running run for longer than "
                                                      + "startingDeadline")
                    remaining.removeFirst()
                    continue
                }
                switch try await store.claim(job: name, scheduledFor: firing, trigger: trigger, runner: runnerID,
                                             overlap: .queue) {
                case .claimed(let id):
                    metrics?.observe("baseline_runner_firing_lateness_seconds", [], max(0,
                        now.timeIntervalSince(firing)))
                    start(job, RunExecutor.ClaimedRun(id: id, scheduledFor: firing, trigger: trigger, attempt: 1))
                    remaining.removeFirst()
                case .skipped, .lost:
                    remaining.removeFirst()
                case .waiting:
                    queued[name] = remaining
                    return
                }
            }
            queued[name] = remaining
        }
    }

    /// Claims and starts the retries due now; returns the seconds until the next one.
    private func startDueRetries() async throws -> Double? {
        let (due, secondsUntilNext) = try await store.pendingRetries()
        for record in due {
            guard let job = catalog.job(named: record.job) else { continue }
            guard let retry = try await store.claimRetry(of: record.id, runner: runnerID) else { continue }
            start(job, RunExecutor.ClaimedRun(id: retry.id, scheduledFor: retry.scheduledFor, trigger: .retry,
                                              attempt: retry.attempt))
        }
        return secondsUntilNext
    }

    /// Where a job with no recorded firing starts: now for a cron job (it has no history to catch up), just
    /// before its time for a one-shot job, so a one-shot missed while no runner ran is run late or
    /// recorded `skipped`, never forgotten.
    static func initialCursor(_ job: JobDefinition, now: Date) -> Date {
        if case .once(let at) = job.schedule, at <= now { return at.addingTimeInterval(-1) }
        return now
    }

    private func countSkipped(_ job: String, _ trigger: RunTrigger) {
        metrics?.add("baseline_runner_job_runs_total", [job, trigger.rawValue, "skipped"])
    }

    private func nextFiring() -> Date? {
        catalog.jobs.compactMap { job in cursors[job.name].flatMap { job.schedule.next(after: $0) } }.min()
    }

    // MARK: - Runs

    private func start(_ job: JobDefinition, _ run: RunExecutor.ClaimedRun) {
        var executor = RunExecutor(store: store, executors: executors, program: catalog.program,
            environment: environment,
                                   logger: logger, isShuttingDown: { [shutdownFlag] in shutdownFlag.isSet },
                                   notifyFailure: notifyFailure)
        executor.metrics = metrics
        executor.clock = clock
        running[run.id] = Task {
            await executor.execute(job, run)
            self.runEnded(run.id)
        }
    }

    private func runEnded(_ id: Int64) {
        running[id] = nil
        wakeup.signal()
    }

    /// Keeps this runner's running runs leased and expires the leases of runners that stopped.
    private func heartbeat() async throws {
        try await store.heartbeat(runIDs: Array(running.keys))
        let policies = catalog.jobs.map { RunStore.RetryPolicy(job: $0.name, retries: $0.retries,
                backoff: $0.retryBackoff) }
        for record in try await store.abandonExpired(lease: settings.lease, policies: policies,
                                                          maximumRetryDelay: DurationText.maximumRetryDelay) {
            logger.warning("run abandoned: its runner stopped heartbeating",
                           ["job": record.job, "run_id": "\(record.id)", "owner": record.runner,
                            "retry": record.retryAt == nil ? "no" : "yes"])
        }
    }

    /// Background upkeep (mail left pending by stopped processes), one pass at a time, off the loop.
    private func startHousekeeping() {
        guard housekeepingTask == nil else { return }
        housekeepingTask = Task { [housekeeping] in
            await housekeeping()
            self.housekeepingEnded()
        }
    }

    private func housekeepingEnded() { housekeepingTask = nil }

    private func registerUntilAvailable() async {
        while !stopRequested {
            do {
                try await store.registerRunner(id: runnerID, host: ProcessInfo.processInfo.hostName, pid: getpid())
                let last = try await store.lastScheduledFirings()
                let now = clock.now
                for job in catalog.jobs { cursors[job.name] = last[job.name] ?? Self.initialCursor(job, now: now) }
                return
            } catch let error as PostgresError where error.sqlState == .undefinedTable {
                logger.error("the runner's tables are missing: run 'baseline-runner migrate'; retrying in 5 s",
                             ["error": "\(error)"])
                await clock.sleep(until: clock.now.addingTimeInterval(5), alarm: wakeup)
            } catch {
                logger.error("cannot reach the database; retrying in 5 s", ["error": "\(error)"])
                await clock.sleep(until: clock.now.addingTimeInterval(5), alarm: wakeup)
            }
        }
    }

    private func reload(_ load: @Sendable () throws -> JobCatalog) {
        reloadRequested = nil
        do {
            let fresh = try load()
            for job in fresh.jobs where cursors[job.name] == nil { cursors[job.name] = Self.initialCursor(job,
                    now: clock.now) }
            catalog = fresh
            logger.info("job files reloaded", ["jobs": "\(fresh.jobs.count)"])
        } catch let errors as ConfigErrors {
            for error in errors.errors { logger.error("reload refused; keeping the previous jobs",
                                                      ["error": error.description]) }
        } catch {
            logger.error("reload refused; keeping the previous jobs", ["error": "\(error)"])
        }
    }

    // MARK: - Shutdown

    private func shutdown() async {
        logger.info("stopping: no new claims; waiting for running jobs",
                    ["running": "\(running.count)", "grace_s": "\(settings.shutdownGrace)"])
        let deadline = clock.now.addingTimeInterval(Double(settings.shutdownGrace))
        var nextHeartbeat = clock.now
        while !running.isEmpty && clock.now < deadline {
            if clock.now >= nextHeartbeat {
                try? await store.heartbeat(runIDs: Array(running.keys))
                nextHeartbeat = clock.now.addingTimeInterval(Double(settings.heartbeatInterval))
            }
            await clock.sleep(until: min(deadline, nextHeartbeat), alarm: wakeup)
        }
        if !running.isEmpty {
            logger.warning("grace period over: releasing running jobs", ["running": "\(running.count)"])
            shutdownFlag.set()
            let tasks = Array(running.values)
            tasks.forEach { $0.cancel() }
            for task in tasks { await task.value }
        }
        // Firings waiting behind a running run exist only in this process: record them, or they would be
        // missed without a trace (another replica's cursor is already past them).
        for (name, waiting) in queued {
            for (firing, trigger) in waiting {
                let recorded = try? await store.recordSkipped(job: name, scheduledFor: firing, trigger: trigger,
                    runner: runnerID, reason: "not started: the runner shut down while the firing waited behind a "
                        + "running run")
                if recorded == true { countSkipped(name, trigger) }
            }
        }
        queued = [:]
        housekeepingTask?.cancel()
        await housekeepingTask?.value
        try? await store.runnerStopped(id: runnerID)
        logger.info("scheduler stopped")
    }
}

/// A flag set once, read from any thread (for example: the runner is releasing its runs).
public final class ShutdownFlag: Sendable {
    private let value = Atomic<Bool>(false)
    /// Creates an unset flag.
    public init() {}
    /// Whether `set()` was called.
    public var isSet: Bool { value.load(ordering: .acquiring) }
    /// Sets the flag.
    public func set() { value.store(true, ordering: .releasing) }
}
