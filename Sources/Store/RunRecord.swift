import FoundationEssentials
import Postgres

/// Why a run exists.
public enum RunTrigger: String, Sendable, CaseIterable {
    /// Its firing came due while a runner was watching.
    case schedule
    /// A missed firing run late, per the job's `catchup`.
    case catchup
    /// `run JOB` by hand (or by a Kubernetes CronJob).
    case manual
    /// Another attempt after a failure, timeout or abandonment.
    case retry
}

/// How a run ended, or that it has not yet.
public enum RunStatus: String, Sendable, CaseIterable {
    case running, succeeded, failed, skipped
    case timedOut = "timed_out"
    case abandoned
}

/// One row of `job_runs`: a run, or a firing that was skipped.
public struct RunRecord: Sendable, Equatable {
    public let id: Int64
    public let job: String
    public let scheduledFor: Date
    public let trigger: RunTrigger
    public let status: RunStatus
    public let attempt: Int
    public let runner: String
    public let startedAt: Date?
    public let finishedAt: Date?
    /// The failure, or the reason for a skip or abandonment.
    public let error: String?
    /// The last 4 KB of a command's output.
    public let output: String?
    /// When another attempt may start, for failed runs with attempts left.
    public let retryAt: Date?

    /// The columns `init(row:)` reads, for SELECT and RETURNING lists.
    public static let columns = "id, job, scheduled_for, trigger, status, attempt, runner, started_at, finished_at, "
        + "error, output, retry_at"

    /// A record made in memory (the scheduler's in-memory store for tests).
    public init(id: Int64, job: String, scheduledFor: Date, trigger: RunTrigger, status: RunStatus, attempt: Int,
                runner: String, startedAt: Date?, finishedAt: Date?, error: String?, output: String?, retryAt: Date?) {
        self.id = id
        self.job = job
        self.scheduledFor = scheduledFor
        self.trigger = trigger
        self.status = status
        self.attempt = attempt
        self.runner = runner
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.output = output
        self.retryAt = retryAt
    }

    /// Decodes a row selected with `columns`.
    public init(row: PostgresRow) throws {
        id = try row.decode("id")
        job = try row.decode("job")
        scheduledFor = try row.decode("scheduled_for")
        let triggerText: String = try row.decode("trigger")
        let statusText: String = try row.decode("status")
        guard let trigger = RunTrigger(rawValue: triggerText), let status = RunStatus(rawValue: statusText) else {
            throw PostgresError(kind: .decoding, message: "unknown trigger \(triggerText) or status \(statusText)")
        }
        self.trigger = trigger
        self.status = status
        attempt = try row.decode("attempt")
        runner = try row.decode("runner")
        startedAt = try row.decode("started_at")
        finishedAt = try row.decode("finished_at")
        error = try row.decode("error")
        output = try row.decode("output")
        retryAt = try row.decode("retry_at")
    }
}
