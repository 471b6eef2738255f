import Config
import Cron
import FoundationEssentials
import Logging
import Metrics
import Program
import Store

/// Executes one claimed run: applies the job's timeout, records the outcome, schedules a retry when
/// attempts remain, and reports final failures. Shared by `serve` and `run`.
public struct RunExecutor: Sendable {
    /// A run this process owns.
    public struct ClaimedRun: Sendable {
        public let id: Int64
        public let scheduledFor: Date
        public let trigger: RunTrigger
        public let attempt: Int
        public init(id: Int64, scheduledFor: Date, trigger: RunTrigger, attempt: Int) {
            self.id = id
            self.scheduledFor = scheduledFor
            self.trigger = trigger
            self.attempt = attempt
        }
    }

    let store: any SchedulerStore
    let executors: @Sendable (JobKind) -> any JobExecutor
    let program: ProgramDefinition
    let environment: RunnerEnvironment
    let logger: Logger
    /// Tells a cancelled run whether the runner is shutting down (released, to be retried) or not.
    let isShuttingDown: @Sendable () -> Bool
    /// Told once per failed firing (the final failed or timed-out attempt).
    let notifyFailure: @Sendable (RunFailure) async -> Void
    /// How long to keep trying to record an outcome while the database is away; nil: until it answers
    /// (`serve`, whose heartbeats keep the run's lease while it waits).
    public var recordingPatience: Double?
    /// Where runs are counted (PRODUCT.md section 11); nil counts nothing.
    public var metrics: MetricsRegistry?
    /// Times runs, their timeouts and the pauses between tries to record an outcome.
    public var clock: any SchedulerClock = WallClock()

    /// Creates an executor.
    public init(store: any SchedulerStore, executors: @escaping @Sendable (JobKind) -> any JobExecutor,
                program: ProgramDefinition,
                environment: RunnerEnvironment, logger: Logger, isShuttingDown: @escaping @Sendable () -> Bool,
                notifyFailure: @escaping @Sendable (RunFailure) async -> Void) {
        self.store = store
        self.executors = executors
        self.program = program
        self.environment = environment
        self.logger = logger
        self.isShuttingDown = isShuttingDown
        self.notifyFailure = notifyFailure
    }

    /// How a run ended, and whether that outcome reached the database.
    public struct Ended: Sendable {
        /// The final status.
        public let status: RunStatus
        /// False when the outcome could not be recorded (the database stayed away, or the run's lease
        /// had already expired and another runner took it over).
        public let recorded: Bool
    }

    /// Runs `job` for `run` and records how it ended.
    @discardableResult
    public func execute(_ job: JobDefinition, _ run: ClaimedRun) async -> Ended {
        let log = logger.with(["job": job.name, "run_id": "\(run.id)", "attempt": "\(run.attempt)",
                               "trigger": run.trigger.rawValue])
        let context = RunContext(job: job, program: program, environment: environment, mode: .recorded(runID: run.id),
                                 scheduledFor: run.scheduledFor, attempt: run.attempt, logger: log)
        log.info("run started", ["scheduled_for": TimeText.format(run.scheduledFor, in: job.timeZone)])
        let started = clock.now
        let result = await Self.withTimeout(seconds: job.timeout, clock: clock) {
            try await executors(job.kind).run(context)
        }

        let status: RunStatus
        var error: String?
        var output: String?
        var retryAfter: Int?
        let canRetry = run.trigger != .manual && run.attempt <= job.retries
        let backoff = min(job.retryBackoff * (1 << min(run.attempt - 1, 20)), DurationText.maximumRetryDelay)
        switch result {
        case .finished(.success(let outcome)):
            status = .succeeded
            output = outcome.output
        case .finished(.failure(let failure)):
            if Task.isCancelled && isShuttingDown() {
                status = .abandoned
                error = "shutdown: the runner stopped before the run finished; released for another runner"
                retryAfter = run.trigger == .manual ? nil : 0
            } else {
                status = .failed
                error = (failure as? JobFailure)?.message ?? "\(failure)"
                output = (failure as? JobFailure)?.output
                retryAfter = canRetry ? backoff : nil
            }
        case .timedOut:
            status = .timedOut
            error = "timed out after \(DurationText.format(job.timeout)); the run was cancelled"
            retryAfter = canRetry ? backoff : nil
        }
        // Stored, logged and mailed: no secret of the runner's environment may survive in either.
        error = error.map(logger.redact)
        output = output.map(logger.redact)
        let recorded = await record(run, status: status, error: error, output: output, retryAfter: retryAfter, log: log)
        if recorded, let metrics {
            metrics.add("baseline_runner_job_runs_total", [job.name, run.trigger.rawValue, status.rawValue])
            metrics.observe("baseline_runner_job_run_duration_seconds", [job.name],
                            clock.now.timeIntervalSince(started))
            if status == .succeeded {
                metrics.set("baseline_runner_job_last_success_timestamp_seconds", [job.name],
                            clock.now.timeIntervalSince1970)
            }
        }
        var fields = ["status": status.rawValue, "duration_ms": "\(Int(clock.now.timeIntervalSince(started) * 1000))"]
        if let error { fields["error"] = error }
        if let retryAfter { fields["retry_in_seconds"] = "\(retryAfter)" }
        if status == .succeeded {
            log.info("run finished", fields)
        } else {
            log.error("run finished", fields)
            if (status == .failed || status == .timedOut) && retryAfter == nil && !job.notifyOnFailure.isEmpty {
                await notifyFailure(RunFailure(job: job, runID: run.id, scheduledFor: run.scheduledFor,
                                               attempt: run.attempt,
                                               status: status.rawValue, error: error ?? "", output: output))
            }
        }
        return Ended(status: status, recorded: recorded)
    }

    /// Records the outcome, retrying while the database is unreachable: a known outcome is kept, never
    /// left for a lease to expire (which would run the work again).
    private func record(_ run: ClaimedRun, status: RunStatus, error: String?, output: String?, retryAfter: Int?,
                        log: Logger) async -> Bool {
        let deadline = recordingPatience.map { clock.now.addingTimeInterval($0) }
        var delay = 0.5
        var failures = 0
        while true {
            do {
                // Its own task: a run released at shutdown is cancelled, but its outcome must still be written.
                let recorded = try await Task { [store] in
                    try await store.finish(id: run.id, status: status, error: error, output: output,
                        retryAfter: retryAfter)
                }.value
                if !recorded {
                    log.warning("run was no longer marked running (its lease expired); outcome not recorded",
                        ["status": status.rawValue])
                } else if failures > 0 {
                    log.info("run outcome recorded after the database returned", ["status": status.rawValue,
                        "tries": "\(failures + 1)"])
                }
                return recorded
            } catch let failure {
                failures += 1
                if failures == 1 {
                    log.error("cannot record the run's outcome; retrying until the database answers",
                              ["status": status.rawValue, "error": "\(failure)"])
                }
                if Task.isCancelled || deadline.map({ clock.now >= $0 }) == true {
                    log.error("run outcome not recorded: the database did not answer in time",
                              ["status": status.rawValue, "error": "\(failure)"])
                    return false
                }
                try? await clock.sleep(seconds: delay)
                delay = min(delay * 2, 5)
            }
        }
    }

    enum TimedResult: Sendable {
        case finished(Result<RunOutcome, any Error>)
        case timedOut
    }

    /// Runs `work`, cancelling it after `seconds`. Cancellation of the caller cancels `work` too.
    static func withTimeout(seconds: Int, clock: any SchedulerClock,
                            _ work: @escaping @Sendable () async throws -> RunOutcome) async -> TimedResult {
        await withTaskGroup(of: TimedResult?.self) { group in
            group.addTask {
                do { return .finished(.success(try await work())) } catch { return .finished(.failure(error)) }
            }
            group.addTask {
                do {
                    try await clock.sleep(seconds: Double(seconds))
                    return .timedOut
                } catch {
                    return nil  // cancelled: the work finished first, or the caller was cancelled
                }
            }
            var outcome: TimedResult?
            while outcome == nil, let next = await group.next() {
                if let next { outcome = next }
            }
            group.cancelAll()
            // After a timeout the work task was cancelled; wait for it so no child outlives the run.
            while await group.next() != nil {}
            return outcome ?? .finished(.failure(CancellationError()))
        }
    }
}

/// A firing that failed for good: what the failure notice tells.
public struct RunFailure: Sendable {
    public let job: JobDefinition
    public let runID: Int64
    public let scheduledFor: Date
    public let attempt: Int
    public let status: String
    public let error: String
    public let output: String?
}
