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
                status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'timed_out', \
            'abandoned')),
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
        Migration(version: 3, name: "data quality", sql: """
            CREATE TABLE baseline_runner.anomalies (
                id bigserial PRIMARY KEY,
                kind text NOT NULL,
                metric text NOT NULL,
                tenant_id uuid,
                severity text NOT NULL CHECK (severity IN ('warn', 'fail')),
                window_start timestamptz NOT NULL,
                window_end timestamptz NOT NULL,
                observed double precision,
                expected double precision,
                message text NOT NULL,
                excluded boolean NOT NULL,
                exclusion_reason text,
                detected_at timestamptz NOT NULL DEFAULT now(),
                run_id bigint,
                CHECK (window_end > window_start)
            );
            -- Upserted by (kind, metric, tenant, window): a re-run adds none.
            CREATE UNIQUE INDEX anomalies_identity ON baseline_runner.anomalies
                (kind, metric, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), window_start, \
            window_end);
            CREATE INDEX anomalies_window ON baseline_runner.anomalies (window_end);

            CREATE TABLE baseline_runner.check_results (
                id bigserial PRIMARY KEY,
                run_id bigint,
                day date NOT NULL,
                tenant_id uuid,
                check_kind text NOT NULL,
                status text NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'not_evaluated')),
                observed double precision,
                expected double precision,
                details text,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE UNIQUE INDEX check_results_identity ON baseline_runner.check_results
                (day, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), check_kind);

            CREATE TABLE baseline_runner.daily_figures (
                day date NOT NULL,
                tenant_id uuid,
                period_start timestamptz NOT NULL,
                period_end timestamptz NOT NULL,
                tickets double precision,
                failures double precision,
                success_rate_pct double precision,
                latency_p50_seconds double precision,
                latency_p95_seconds double precision,
                latency_p99_seconds double precision,
                rating_count integer,
                avg_rating double precision,
                thumbs_up integer,
                thumbs_down integer,
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE UNIQUE INDEX daily_figures_identity ON baseline_runner.daily_figures
                (day, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid));
            """),
        Migration(version: 4, name: "reports", sql: """
            CREATE TABLE baseline_runner.reports (
                id bigserial PRIMARY KEY,
                job text NOT NULL,
                kind text NOT NULL,
                period_start timestamptz NOT NULL,
                period_end timestamptz NOT NULL,
                tenant_id uuid,
                markdown text NOT NULL,
                html text NOT NULL,
                figures jsonb NOT NULL,
                run_id bigint,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX reports_job ON baseline_runner.reports (job, id DESC);
            """),
        Migration(version: 5, name: "surveys", sql: """
            CREATE TABLE baseline_runner.survey_recipients (
                campaign text NOT NULL,
                email text NOT NULL,            -- lower case
                address text NOT NULL,          -- as written in the roster, with the display name
                name text NOT NULL,
                tenant_id uuid NOT NULL,
                token text NOT NULL,
                job text NOT NULL,
                added_at timestamptz NOT NULL DEFAULT now(),
                unsubscribed_at timestamptz,
                -- The logical time (firing or run --at) of the run that last mailed this recipient: reminders
                -- count from it, so a re-run of an old firing never looks "days later".
                last_mailed_for timestamptz,
                PRIMARY KEY (campaign, email),
                UNIQUE (campaign, token)
            );
            CREATE TABLE baseline_runner.survey_responses (
                campaign text NOT NULL,
                token text NOT NULL,
                question text NOT NULL,
                value integer CHECK (value BETWEEN 1 AND 5),
                comment text,
                responded_at timestamptz NOT NULL,
                imported_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (campaign, token, question),
                FOREIGN KEY (campaign, token) REFERENCES baseline_runner.survey_recipients (campaign, token)
            );
            """),
        Migration(version: 6, name: "action items", sql: """
            CREATE TABLE baseline_runner.action_items (
                id bigserial PRIMARY KEY,
                text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
                owner text NOT NULL,
                due date NOT NULL,
                criterion text,
                status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
                created_at timestamptz NOT NULL DEFAULT now(),
                done_at timestamptz,
                note text CHECK (length(note) <= 500),
                CHECK ((status = 'done') = (done_at IS NOT NULL))
            );
            CREATE INDEX action_items_open ON baseline_runner.action_items (status, due);
            """),
        Migration(version: 7, name: "report decks", sql: """
            ALTER TABLE baseline_runner.reports ADD COLUMN deck text;
            """),
        // A 30 KB message costs pglz about 0.2 ms to compress, lz4 a tenth of that; servers built without
        // lz4 keep pglz (EXECUTE defers the statement's parsing so the handler can catch it).
        Migration(version: 8, name: "fast compression for stored mail", sql: """
            DO $$
            BEGIN
                EXECUTE 'ALTER TABLE baseline_runner.deliveries ALTER COLUMN content SET COMPRESSION lz4';
            EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
                RAISE NOTICE 'lz4 unavailable; stored mail keeps the default compression';
            END
            $$;
            """),
    ]

    /// The migrator for this schema.
    public static var migrator: Migrator { Migrator(schema: name, migrations: migrations) }
}
