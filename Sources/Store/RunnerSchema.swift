import Postgres

/// The runner's own tables: schema name and the migrations that build them.
///
/// Later features add migrations here with new version numbers; an applied migration is never edited.
public enum RunnerSchema {
    /// The schema holding every table the runner owns.
    public static let name = "baseline_runner"

    /// All migrations, oldest first.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "job runs", sql: """
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
                output text
            );
            -- One claim per firing and attempt for scheduled work; manual runs may repeat a firing (--force).
            CREATE UNIQUE INDEX job_runs_firing_claim ON baseline_runner.job_runs (job, scheduled_for, attempt)
                WHERE trigger <> 'manual';
            CREATE INDEX job_runs_job_started ON baseline_runner.job_runs (job, started_at DESC);
            CREATE INDEX job_runs_running ON baseline_runner.job_runs (heartbeat_at) WHERE status = 'running';
            """),
    ]

    /// The migrator for this schema.
    public static var migrator: Migrator { Migrator(schema: name, migrations: migrations) }
}
