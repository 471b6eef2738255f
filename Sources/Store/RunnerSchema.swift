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
        Migration(version: 2, name: "mail deliveries", sql: """
            CREATE TABLE baseline_runner.deliveries (
                id bigserial PRIMARY KEY,
                -- What, which period or firing, which recipient: a key is never sent twice.
                key text NOT NULL UNIQUE,
                job text,
                run_id bigint,
                recipient text NOT NULL,
                subject text NOT NULL,
                status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
                attempts integer NOT NULL DEFAULT 0,
                last_reply text,
                message_id text NOT NULL,
                sent_at timestamptz,
                error text,
                next_attempt_at timestamptz,
                -- The message without its Date header (added at each attempt), for retries and resends.
                content bytea NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX deliveries_job ON baseline_runner.deliveries (job, id DESC);
            CREATE INDEX deliveries_due ON baseline_runner.deliveries (next_attempt_at) WHERE status = 'pending';
            """),
    ]

    /// The migrator for this schema.
    public static var migrator: Migrator { Migrator(schema: name, migrations: migrations) }
}
