import FoundationEssentials
import Postgres
import Store

/// What the scheduler and the run executor need from the runner's records: claims, outcomes,
/// heartbeats, leases, retries and the runner registry. `DatabaseSchedulerStore` keeps them in
/// PostgreSQL (every cross-replica decision one statement); `SchedulerTesting.InMemorySchedulerStore`
/// keeps them in memory against a manual clock, for tests without a database.
public protocol SchedulerStore: Sendable {
    /// Claims a scheduled or catch-up firing under the job's overlap policy (see `RunStore.claim`).
    func claim(job: String, scheduledFor: Date, trigger: RunTrigger, runner: String,
               overlap: RunStore.Overlap) async throws -> RunStore.ClaimOutcome
    /// Records a firing that will not run, unless already recorded; whether this call wrote it.
    @discardableResult
    func recordSkipped(job: String, scheduledFor: Date, trigger: RunTrigger, runner: String,
                       reason: String) async throws -> Bool
    /// Ends a running run, scheduling a retry after `retryAfter` seconds; false when it was no longer running.
    @discardableResult
    func finish(id: Int64, status: RunStatus, error: String?, output: String?, retryAfter: Int?) async throws -> Bool
    /// Refreshes the heartbeat of this process's running runs.
    func heartbeat(runIDs: [Int64]) async throws
    /// Abandons running runs whose heartbeat is older than `lease` seconds, scheduling retries by policy.
    func abandonExpired(lease: Int, policies: [RunStore.RetryPolicy],
                        maximumRetryDelay: Int) async throws -> [RunRecord]
    /// Claims the next attempt of a run whose retry is due; nil when another process won it.
    func claimRetry(of runID: Int64, runner: String) async throws -> RunRecord?
    /// The retries due now, and the seconds until the next one.
    func pendingRetries() async throws -> (due: [RunRecord], secondsUntilNext: Double?)
    /// The latest scheduled or catch-up firing of each job.
    func lastScheduledFirings() async throws -> [String: Date]
    /// Registers this runner (process) as alive.
    func registerRunner(id: String, host: String, pid: Int32) async throws
    /// Refreshes this runner's own heartbeat (what `health` reads).
    func runnerHeartbeat(id: String) async throws
    /// Marks this runner as stopped.
    func runnerStopped(id: String) async throws
}

/// The scheduler's records in PostgreSQL: `RunStore` and `RunnerRegistry` over one database.
public struct DatabaseSchedulerStore: SchedulerStore {
    private let runs: RunStore
    private let runners: RunnerRegistry

    /// Uses `database` for every call.
    public init(database: Database) {
        runs = RunStore(database: database)
        runners = RunnerRegistry(database: database)
    }

    public func claim(job: String, scheduledFor: Date, trigger: RunTrigger, runner: String,
                      overlap: RunStore.Overlap) async throws -> RunStore.ClaimOutcome {
        try await runs.claim(job: job, scheduledFor: scheduledFor, trigger: trigger, runner: runner, overlap: overlap)
    }

    public func recordSkipped(job: String, scheduledFor: Date, trigger: RunTrigger, runner: String,
                              reason: String) async throws -> Bool {
        try await runs.recordSkipped(job: job, scheduledFor: scheduledFor, trigger: trigger, runner: runner,
                                     reason: reason)
    }

    public func finish(id: Int64, status: RunStatus, error: String?, output: String?,
                       retryAfter: Int?) async throws -> Bool {
        try await runs.finish(id: id, status: status, error: error, output: output, retryAfter: retryAfter)
    }

    public func heartbeat(runIDs: [Int64]) async throws { try await runs.heartbeat(runIDs: runIDs) }

    public func abandonExpired(lease: Int, policies: [RunStore.RetryPolicy],
                               maximumRetryDelay: Int) async throws -> [RunRecord] {
        try await runs.abandonExpired(lease: lease, policies: policies, maximumRetryDelay: maximumRetryDelay)
    }

    public func claimRetry(of runID: Int64, runner: String) async throws -> RunRecord? {
        try await runs.claimRetry(of: runID, runner: runner)
    }

    public func pendingRetries() async throws -> (due: [RunRecord], secondsUntilNext: Double?) {
        try await runs.pendingRetries()
    }

    public func lastScheduledFirings() async throws -> [String: Date] { try await runs.lastScheduledFirings() }

    public func registerRunner(id: String, host: String, pid: Int32) async throws {
        try await runners.register(id: id, host: host, pid: pid)
    }

    public func runnerHeartbeat(id: String) async throws { try await runners.heartbeat(id: id) }

    public func runnerStopped(id: String) async throws { try await runners.stopped(id: id) }
}
