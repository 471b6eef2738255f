import Formatting
import FoundationEssentials
import Postgres

/// The runner's records of runs and runners in PostgreSQL: claims, outcomes, heartbeats, leases, retries.
///
/// Every decision that must hold across replicas is one SQL statement: a firing is claimed by the
/// insert that wins the unique index; overlap is judged against rows other replicas wrote; leases use
/// the database's clock, so replicas with skewed clocks agree.
public struct RunStore: Sendable {
    private let database: Database
    private static let table = "\(RunnerSchema.name).job_runs"

    /// Uses `database` for every call.
    public init(database: Database) { self.database = database }

    /// The outcome of trying to claim a scheduled firing.
    public enum ClaimOutcome: Sendable, Equatable {
        /// This process runs it: the run's id.
        case claimed(Int64)
        /// Recorded as skipped (overlap, or already run manually); the reason is in the row.
        case skipped(Int64, String)
        /// Another process claimed it first.
        case lost
        /// `overlap: queue` and the job is running: nothing recorded; try again later.
        case waiting
    }

    /// How the firing's job treats overlap, as the claim statement needs it.
    public enum Overlap: String, Sendable { case skip, queue, allow }

    /// Claims `(job, scheduledFor)` for a scheduled or catch-up run, applying the overlap policy against
    /// running rows of any replica. A firing already run by hand (`run --at`) is recorded as skipped.
    /// The job's own catch-up runs never make a firing `skipped`: under `skip` it waits behind them
    /// (`.waiting`), so catch-up and the on-time firing run one after another, oldest first.
    public func claim(job: String, scheduledFor: Date, trigger: RunTrigger, runner: String,
                      overlap: Overlap) async throws -> ClaimOutcome {
        try await database.withConnection { connection in
            let rows = try connection.query("""
                WITH running AS (
                    SELECT min(id) AS id, min(id) FILTER (WHERE trigger <> 'catchup') AS blocking
                    FROM \(Self.table) WHERE job = $1 AND status = 'running'
                ), manual AS (
                    SELECT min(id) AS id FROM \(Self.table)
                    WHERE job = $1 AND scheduled_for = $2 AND trigger = 'manual' AND status IN ('running', 'succeeded')
                ), verdict AS (
                    SELECT CASE
                        WHEN (SELECT id FROM manual) IS NOT NULL THEN 'already run manually (run ' || (SELECT id FROM
                        manual) || ')'
                        WHEN $5 = 'skip' AND (SELECT blocking FROM running) IS NOT NULL
                            THEN 'overlap: run ' || (SELECT blocking FROM running) || ' of this job is still running'
                    END AS reason
                )
                INSERT INTO \(Self.table) (job, scheduled_for, trigger, status, attempt, runner, started_at,
                heartbeat_at, finished_at, error)
                SELECT $1, $2, $3, CASE WHEN reason IS NULL THEN 'running' ELSE 'skipped' END, 1, $4, now(), now(),
                       CASE WHEN reason IS NULL THEN NULL ELSE now() END, reason
                FROM verdict
                WHERE NOT ($5 IN ('queue', 'skip') AND reason IS NULL AND (SELECT id FROM running) IS NOT NULL)
                ON CONFLICT (job, scheduled_for, attempt) WHERE trigger <> 'manual' DO NOTHING
                RETURNING id, status, error
                """, [job, scheduledFor, trigger.rawValue, runner, overlap.rawValue], name: "claim firing").rows
            if let row = rows.first {
                let id: Int64 = try row.decode("id")
                if try row.decode("status", as: String.self) == "running" { return .claimed(id) }
                return .skipped(id, try row.decode("error", as: String?.self) ?? "skipped")
            }
            let exists = try connection.query("""
                SELECT 1 FROM \(Self.table) WHERE job = $1 AND scheduled_for = $2 AND attempt = 1 AND trigger <>
                'manual'
                """, [job, scheduledFor], name: "claim: lost or waiting").rows
            return exists.isEmpty ? .waiting : .lost
        }
    }

    /// Records a firing that will not run (missed, or superseded under `catchup: latest`), unless some
    /// process already recorded it. Returns whether this call wrote the row.
    @discardableResult
    public func recordSkipped(job: String, scheduledFor: Date, trigger: RunTrigger, runner: String,
                              reason: String) async throws -> Bool {
        try await database.withConnection { connection in
            try connection.query("""
                INSERT INTO \(Self.table) (job, scheduled_for, trigger, status, attempt, runner, started_at,
                finished_at, error)
                VALUES ($1, $2, $3, 'skipped', 1, $4, now(), now(), $5)
                ON CONFLICT (job, scheduled_for, attempt) WHERE trigger <> 'manual' DO NOTHING
                """, [job, scheduledFor, trigger.rawValue, runner, reason], name: "record skipped").affectedRows == 1
        }
    }

    /// Starts a manual run (outside the claim index, so `--force` may repeat a firing).
    public func startManual(job: String, scheduledFor: Date, runner: String) async throws -> Int64 {
        try await database.withConnection { connection in
            try connection.query("""
                INSERT INTO \(Self.table) (job, scheduled_for, trigger, status, attempt, runner, started_at,
                heartbeat_at)
                VALUES ($1, $2, 'manual', 'running', 1, $3, now(), now()) RETURNING id
                """, [job, scheduledFor, runner], name: "start manual run").first!.decode("id")
        }
    }

    /// The run that already covered a firing (running or finished, not skipped), if any.
    public func completedOrRunning(job: String, scheduledFor: Date) async throws -> RunRecord? {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT \(RunRecord.columns) FROM \(Self.table)
                WHERE job = $1 AND scheduled_for = $2 AND status <> 'skipped' ORDER BY id DESC LIMIT 1
                """, [job, scheduledFor], name: "find firing run").rows.first.map(RunRecord.init(row:))
        }
    }

    /// Ends a running run. `retryAfter` (seconds) schedules another attempt. Returns false when the row
    /// was no longer running (another replica declared it abandoned meanwhile).
    @discardableResult
    public func finish(id: Int64, status: RunStatus, error: String?, output: String?,
                       retryAfter: Int?) async throws -> Bool {
        try await database.withConnection { connection in
            try connection.query("""
                UPDATE \(Self.table) SET status = $2, finished_at = now(), error = $3, output = $4,
                    retry_at = CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(secs => $5::int) END
                WHERE id = $1 AND status = 'running'
                """, [id, status.rawValue, error, output, retryAfter], name: "finish run").affectedRows == 1
        }
    }

    /// Refreshes the heartbeat of running runs owned by this process.
    public func heartbeat(runIDs: [Int64]) async throws {
        guard !runIDs.isEmpty else { return }
        try await database.withConnection { connection in
            try connection.query("UPDATE \(Self.table) SET heartbeat_at = now() WHERE id = ANY($1::bigint[]) AND "
                + "status = 'running'",
                                 [runIDs], name: "heartbeat runs")
        }
    }

    /// Retry settings of each job, for statements that schedule retries.
    public struct RetryPolicy: Sendable {
        public let job: String
        public let retries: Int
        public let backoff: Int
        public init(job: String, retries: Int, backoff: Int) {
            self.job = job
            self.retries = retries
            self.backoff = backoff
        }
    }

    /// Marks running runs whose heartbeat is older than `lease` seconds as abandoned, scheduling a retry
    /// when attempts remain, all in one statement. Returns the abandoned runs.
    /// Retry delays double per attempt up to `maximumRetryDelay` seconds.
    public func abandonExpired(lease: Int, policies: [RetryPolicy],
        maximumRetryDelay: Int) async throws -> [RunRecord] {
        try await database.withConnection { connection in
            try connection.query("""
                WITH config AS (SELECT * FROM unnest($2::text[], $3::int[], $4::int[]) AS c(job, retries, backoff))
                UPDATE \(Self.table) r SET status = 'abandoned', finished_at = now(),
                    error = 'lease expired: runner ' || r.runner || ' stopped heartbeating at ' || r.heartbeat_at,
                    retry_at = (SELECT CASE WHEN r.attempt <= c.retries
                        THEN now() + make_interval(secs => least(c.backoff * power(2, least(r.attempt - 1, 20)), $5))
                        END
                                FROM config c WHERE c.job = r.job)
                WHERE r.status = 'running' AND r.heartbeat_at < now() - make_interval(secs => $1::int)
                RETURNING \(RunRecord.columns.split(separator: ",").map { "r." + $0.trimmed }.joined(separator: ", "))
                """, [lease, policies.map(\.job), policies.map(\.retries), policies.map(\.backoff), maximumRetryDelay],
                name: "abandon expired runs")
                .rows.map(RunRecord.init(row:))
        }
    }

    /// Claims the next attempt of a run whose retry is due; only one process wins. Returns the new run.
    public func claimRetry(of runID: Int64, runner: String) async throws -> RunRecord? {
        try await database.withConnection { connection in
            try connection.query("""
                WITH original AS (
                    UPDATE \(Self.table) SET retry_at = NULL WHERE id = $1 AND retry_at IS NOT NULL AND retry_at <=
                    now()
                    RETURNING job, scheduled_for, attempt
                )
                INSERT INTO \(Self.table) (job, scheduled_for, trigger, status, attempt, runner, started_at,
                heartbeat_at)
                SELECT job, scheduled_for, 'retry', 'running', attempt + 1, $2, now(), now() FROM original
                ON CONFLICT (job, scheduled_for, attempt) WHERE trigger <> 'manual' DO NOTHING
                RETURNING \(RunRecord.columns)
                """, [runID, runner], name: "claim retry").rows.first.map(RunRecord.init(row:))
        }
    }

    /// Pending retries in one query: those due now (oldest first, at most 100) and the seconds until the
    /// earliest one that is not due yet (nil when there is none).
    public func pendingRetries() async throws -> (due: [RunRecord], secondsUntilNext: Double?) {
        try await database.withConnection { connection in
            var due: [RunRecord] = []
            var next: Double?
            for row in try connection.query("""
                SELECT \(RunRecord.columns), extract(epoch FROM retry_at - now())::float8 AS due_in
                FROM \(Self.table) WHERE retry_at IS NOT NULL ORDER BY retry_at LIMIT 101
                """, name: "pending retries").rows {
                let dueIn: Double = try row.decode("due_in")
                if dueIn <= 0 && due.count < 100 {
                    due.append(try RunRecord(row: row))
                } else {
                    next = max(dueIn, 0)
                    break
                }
            }
            return (due, next)
        }
    }

    /// The latest firing recorded for each job by schedule or catch-up: where each job's scheduling
    /// resumes after a restart.
    public func lastScheduledFirings() async throws -> [String: Date] {
        try await database.withConnection { connection in
            var result: [String: Date] = [:]
            for row in try connection.query("""
                SELECT job, max(scheduled_for) AS last FROM \(Self.table) WHERE trigger IN ('schedule', 'catchup')
                GROUP BY job
                """, name: "last firings").rows {
                result[try row.decode("job")] = try row.decode("last")
            }
            return result
        }
    }

    /// When each job last succeeded, by any runner (the metrics' last-success gauge, so every replica and a
    /// restarted one report the same).
    public func lastSuccesses() async throws -> [String: Date] {
        try await database.withConnection { connection in
            var result: [String: Date] = [:]
            for row in try connection.query("""
                SELECT job, max(finished_at) AS last FROM \(Self.table) WHERE status = 'succeeded' GROUP BY job
                """, name: "last successes").rows {
                result[try row.decode("job")] = try row.decode("last")
            }
            return result
        }
    }

    /// Whether any replica runs this job now.
    public func isRunning(job: String) async throws -> Bool {
        try await database.withConnection { connection in
            !(try connection.query("SELECT 1 FROM \(Self.table) WHERE job = $1 AND status = 'running' LIMIT 1", [job],
                                   name: "is running").rows.isEmpty)
        }
    }

    /// The newest runs, of one job or all, newest first.
    public func history(job: String?, limit: Int) async throws -> [RunRecord] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT \(RunRecord.columns) FROM \(Self.table) WHERE $1::text IS NULL OR job = $1 ORDER BY id DESC
                LIMIT $2
                """, [job, limit], name: "history").rows.map(RunRecord.init(row:))
        }
    }

    /// The newest run of each job.
    public func lastRuns() async throws -> [String: RunRecord] {
        try await database.withConnection { connection in
            var result: [String: RunRecord] = [:]
            for row in try connection.query("""
                SELECT DISTINCT ON (job) \(RunRecord.columns) FROM \(Self.table) ORDER BY job, id DESC
                """, name: "last runs").rows {
                let record = try RunRecord(row: row)
                result[record.job] = record
            }
            return result
        }
    }
}
