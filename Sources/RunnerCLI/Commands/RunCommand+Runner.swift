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

extension RunCommand {
    /// One invocation's work: claim (or start) the run, execute it with heartbeats, and map the outcome to
    /// an exit status.
    struct Runner {
        let job: JobDefinition
        let catalog: JobCatalog
        let environment: RunnerEnvironment
        let store: RunStore
        let settings: SchedulerSettings
        let mail: MailService?
        let database: Database
        let context: CommandContext
        /// Counts the run for the Pushgateway (nil without PUSHGATEWAY_URL).
        let metrics: MetricsRegistry?

        /// How long a `run` keeps trying to record an outcome while the database is away.
        static let recordingPatience = 60.0

        func sweepExpiredLeases() async throws {
            let policies = catalog.jobs.map { RunStore.RetryPolicy(job: $0.name, retries: $0.retries,
                backoff: $0.retryBackoff) }
            for record in try await store.abandonExpired(lease: settings.lease, policies: policies,
                                                         maximumRetryDelay: DurationText.maximumRetryDelay) {
                context.logger.warning("run abandoned: its runner stopped heartbeating",
                                       ["job": record.job, "run_id": "\(record.id)", "owner": record.runner])
            }
        }

        /// `run JOB`: a manual run at `time`, refused when that firing already ran unless forced.
        func runManual(at time: Date, force: Bool) async throws -> ExitStatus {
            if !force, job.schedule.next(after: time.addingTimeInterval(-1)) == time,
               let earlier = try await store.completedOrRunning(job: job.name, scheduledFor: time) {
                let firing = TimeText.format(time, in: job.timeZone)
                context.complain("error: the firing \(firing) of \(job.name) already ran "
                                 + "(run \(earlier.id), \(earlier.status.rawValue)); use --force to run it again")
                return .failure
            }
            let id = try await store.startManual(job: job.name, scheduledFor: time, runner: environment.runnerID)
            return await execute(RunExecutor.ClaimedRun(id: id, scheduledFor: time, trigger: .manual, attempt: 1))
        }

        /// `run JOB --scheduled`: the CronJob form.
        func runScheduled(now: Date) async throws -> ExitStatus {
            // The firing first, judged at the moment the pod started; retries due from earlier attempts after it.
            let status = try await runFiring(now: now)
            return try await runDueRetries(status)
        }

        /// Retries scheduled by earlier failed attempts of this job, claimed like serve claims them.
        private func runDueRetries(_ status: ExitStatus) async throws -> ExitStatus {
            var status = status
            for retry in try await store.pendingRetries().due where retry.job == job.name {
                guard let claimed = try await store.claimRetry(of: retry.id, runner: environment.runnerID) else {
                    continue
                }
                let ended = await execute(RunExecutor.ClaimedRun(id: claimed.id, scheduledFor: claimed.scheduledFor,
                                                                 trigger: .retry, attempt: claimed.attempt))
                if ended != .success { status = ended }
            }
            return status
        }

        /// The latest firing at or before `now`: claimed and run, or recorded skipped when past its deadline.
        private func runFiring(now: Date) async throws -> ExitStatus {
            let status = ExitStatus.success
            guard let firing = job.schedule.latest(atOrBefore: now) else {
                let at = TimeText.format(now, in: job.timeZone)
                context.print("\(job.name): no firing at or before \(at); nothing to run")
                return status
            }
            let firingText = TimeText.format(firing, in: job.timeZone)
            try await recordMissedBefore(firing)
            if now.timeIntervalSince(firing) > Double(job.startingDeadline) {
                let reason = "missed: more than startingDeadline \(DurationText.format(job.startingDeadline)) late "
                    + "when run --scheduled started at \(TimeText.format(now, in: job.timeZone))"
                try await store.recordSkipped(job: job.name, scheduledFor: firing, trigger: .schedule,
                                              runner: environment.runnerID,
                                              reason: reason)
                context.print("\(job.name): firing \(firingText) skipped (\(reason))")
                return status
            }
            let overlap = RunStore.Overlap(rawValue: job.overlap.rawValue) ?? .skip
            while true {
                switch try await store.claim(job: job.name, scheduledFor: firing, trigger: .schedule,
                                             runner: environment.runnerID, overlap: overlap) {
                case .claimed(let id):
                    let ended = await execute(RunExecutor.ClaimedRun(id: id, scheduledFor: firing, trigger: .schedule,
                        attempt: 1))
                    return ended == .success ? status : ended
                case .skipped(let id, let reason):
                    context.print("\(job.name): firing \(firingText) skipped (run \(id): \(reason))")
                    return status
                case .lost:
                    let holder = try await store.completedOrRunning(job: job.name, scheduledFor: firing)
                    context.print("\(job.name): firing \(firingText) already claimed"
                                  + (holder.map { " (run \($0.id) by \($0.runner), \($0.status.rawValue))" } ?? ""))
                    return status
                case .waiting:
                    // overlap: queue, and the job is running elsewhere: wait while the firing is within its deadline.
                    guard Date().timeIntervalSince(firing) <= Double(job.startingDeadline) else {
                        try await store.recordSkipped(job: job.name, scheduledFor: firing, trigger: .schedule,
                                                      runner: environment.runnerID,
                                                      reason: "queued behind a running run for longer than "
                                                          + "startingDeadline")
                        context.print("\(job.name): firing \(firingText) skipped (queued behind a running run "
                                      + "past its deadline)")
                        return status
                    }
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }

        /// Firings between the last recorded one and `firing` that no CronJob ran are recorded `skipped`,
        /// so nothing is missed silently.
        private func recordMissedBefore(_ firing: Date) async throws {
            guard let last = try await store.lastScheduledFirings()[job.name], last < firing else { return }
            var cursor = last
            var recorded = 0
            while let next = job.schedule.next(after: cursor), next < firing,
                recorded < FiringPlanner.maximumMissedRecords {
                try await store.recordSkipped(job: job.name, scheduledFor: next, trigger: .schedule,
                                              runner: environment.runnerID,
                                              reason: "missed: no run was started for this firing "
                                                  + "(CronJob not created or failed)")
                recorded += 1
                cursor = next
            }
        }

        /// Runs with heartbeats; SIGTERM or SIGINT releases the run (abandoned) and ends the command.
        private func execute(_ run: RunExecutor.ClaimedRun) async -> ExitStatus {
            let stopping = ShutdownFlag()
            var executor = RunExecutor(store: DatabaseSchedulerStore(database: database),
                                       executors: context.executors(environment: environment,
                database: database, mail: mail),
                                       program: catalog.program, environment: environment, logger: context.logger,
                                       isShuttingDown: { stopping.isSet },
                                       notifyFailure: context.failureNotifier(environment: environment,
                                           catalog: catalog, mail: mail))
            executor.recordingPatience = Self.recordingPatience
            executor.metrics = metrics
            let job = self.job
            let work = Task { await executor.execute(job, run) }
            let heartbeat = Task { [store, settings] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(settings.heartbeatInterval))
                    try? await store.heartbeat(runIDs: [run.id])
                }
            }
            let watcher = SignalWatcher()
            watcher.watch([SIGTERM, SIGINT]) { _ in
                stopping.set()
                work.cancel()
            }
            let ended = await work.value
            heartbeat.cancel()
            if !ended.recorded {
                context.complain("error: run \(run.id) ended \(ended.status.rawValue), but its outcome could not be "
                                 + "recorded; its lease will expire and it will be marked abandoned")
                return .failure
            }
            return ended.status == .succeeded ? .success : .failure
        }
    }
}
