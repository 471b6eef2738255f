/// The metric families of PRODUCT.md section 11, declared once, and the registry the runner updates.
public enum RunnerMetrics {
    /// Seconds: from 1 ms to 1 h, for run durations.
    static let durationBuckets: [Double] = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600]
    /// Seconds: how late a firing was claimed after its scheduled time.
    static let latenessBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// Every family the runner exposes.
    public static let families: [MetricsRegistry.Family] = [
        .init("baseline_runner_build_info", .gauge, help: "Build of the running baseline-runner (always 1).",
              labels: ["version"]),
        .init("baseline_runner_job_runs_total", .counter,
              help: "Runs recorded by this process, by job, trigger and final status.",
              labels: ["job", "trigger", "status"]),
        .init("baseline_runner_job_run_duration_seconds", .histogram, help: "Wall time of finished runs.",
              labels: ["job"], buckets: durationBuckets),
        .init("baseline_runner_firing_lateness_seconds", .histogram,
              help: "Seconds between a firing's scheduled time and its claim.", buckets: latenessBuckets),
        .init("baseline_runner_job_last_success_timestamp_seconds", .gauge,
              help: "Unix time of the job's last succeeded run seen by this process.", labels: ["job"]),
        .init("baseline_runner_job_next_fire_timestamp_seconds", .gauge,
              help: "Unix time of the job's next scheduled firing.", labels: ["job"]),
        .init("baseline_runner_job_interval_seconds", .gauge,
              help: "Seconds between the job's next two firings (its period, for the not-succeeding alert).",
              labels: ["job"]),
        .init("baseline_runner_mail_deliveries_total", .counter,
              help: "Mail deliveries that reached a final status, by status.", labels: ["status"]),
        .init("baseline_runner_anomalies", .gauge,
              help: "Anomalies not excluded and detected in the last 24 hours, by kind and severity.",
              labels: ["kind", "severity"]),
    ]

    /// The job series `run JOB` pushes to a Pushgateway.
    public static let jobFamilies: Set<String> = [
        "baseline_runner_job_runs_total", "baseline_runner_job_run_duration_seconds",
        "baseline_runner_job_last_success_timestamp_seconds", "baseline_runner_mail_deliveries_total",
    ]

    /// A registry with the build info set.
    public static func registry(version: String) -> MetricsRegistry {
        let registry = MetricsRegistry(families)
        registry.set("baseline_runner_build_info", [version], 1)
        return registry
    }
}
