import Postgres

/// The runner's own tables: schema name and the migrations that build them.
///
/// Later features add migrations here with new version numbers; an applied migration is never edited.
public enum RunnerSchema {
    /// The schema holding every table the runner owns.
    public static let name = "baseline_runner"

    /// All migrations, oldest first.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "job runs and runners", sql: """
            CREATE TABLE baseline_runner.job_runs (
                id bigserial PRIMARY KEY,
                job text NOT NULL,
                scheduled_for timestamptz NOT NULL,
                trigger text NOT NULL CHECK (trigger IN ('schedule', 'catchup', 'manual', 'retry')),
                status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'timed_out', 'abandoned')),
                attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
                runner text NOT NULL,
                started_at timestamptz,
                finished_at timestamptz,
                heartbeat_at timestamptz,
                error text,
                output text,
                -- When a failed, timed-out or abandoned run with attempts left may be retried (by any runner).
                retry_at timestamptz
            );
            -- Exactly once: one row per firing and attempt for scheduled work, whoever inserts first wins.
            -- Manual runs are outside the index, so `run --force` can repeat a firing.
            CREATE UNIQUE INDEX job_runs_firing_claim ON baseline_runner.job_runs (job, scheduled_for, attempt)
                WHERE trigger <> 'manual';
            CREATE INDEX job_runs_job_started ON baseline_runner.job_runs (job, id DESC);
            CREATE INDEX job_runs_running ON baseline_runner.job_runs (job) WHERE status = 'running';
            CREATE INDEX job_runs_retry_due ON baseline_runner.job_runs (retry_at) WHERE retry_at IS NOT NULL;

            CREATE TABLE baseline_runner.runners (
                id text PRIMARY KEY,
                host text NOT NULL,
                pid integer NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                heartbeat_at timestamptz NOT NULL DEFAULT now(),
                stopped_at timestamptz
            );
            CREATE INDEX runners_host ON baseline_runner.runners (host, started_at DESC);
            """),
    ]

    /// The migrator for this schema.
    public static var migrator: Migrator { Migrator(schema: name, migrations: migrations) }
}
