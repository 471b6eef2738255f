import Foundation
import Postgres
import TestSupport

/// A migrated scratch database and a jobs directory, for driving real `serve` and `run` processes.
struct RunnerFixture {
    let databaseURL: String
    let jobsDirectory: String
    let connection: PostgresConnection

    init(_ label: String, jobs: [String: String]) throws {
        databaseURL = try TestServices.scratchDatabase(label)
        jobsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: jobsDirectory, withIntermediateDirectories: true)
        try #"{"baseline": {"start": "2026-11-30", "timezone": "America/New_York"}}"#.write(toFile: jobsDirectory
            + "/program.json", atomically: true, encoding: .utf8)
        for (name, body) in jobs {
            try body.write(toFile: jobsDirectory + "/\(name).json", atomically: true, encoding: .utf8)
        }
        connection = try PostgresConnection(databaseURL)
        let migrate = try run(["migrate"])
        guard migrate.status == 0 else { throw ShellError(message: migrate.stderr) }
    }

    var environment: [String: String] {
        ["DATABASE_URL": databaseURL, "JOBS_DIR": jobsDirectory, "LOG_FORMAT": "json", "METRICS_ADDR": "off",
         "RUNNER_HEARTBEAT": "1s", "RUNNER_LEASE": "3s", "RUNNER_SHUTDOWN_GRACE": "2s"]
    }

    func run(_ arguments: [String], extra: [String: String] = [:]) throws -> Shell.Output {
        try RunnerBinary.run(arguments, environment: environment.merging(extra) { $1 })
    }

    func serve(extra: [String: String] = [:]) throws -> BackgroundProcess {
        try BackgroundProcess(RunnerBinary.path, ["serve"], environment: environment.merging(extra) { $1 },
                              directory: RunnerBinary.packageRoot)
    }

    /// Rows of `job_runs`, oldest first.
    func runs(_ job: String) throws -> [Run] {
        try connection.query("""
            SELECT id, extract(epoch FROM scheduled_for)::float8 AS at, trigger, status, attempt, runner, error,
                   extract(epoch FROM started_at)::float8 AS started,
                   extract(epoch FROM finished_at)::float8 AS finished,
                   retry_at IS NOT NULL AS retry
            FROM baseline_runner.job_runs WHERE job = $1 ORDER BY id
            """, [job]).rows.map { row in
            Run(id: try row.decode("id"), scheduledFor: try row.decode("at"), trigger: try row.decode("trigger"),
                status: try row.decode("status"), attempt: try row.decode("attempt"), runner: try row.decode("runner"),
                error: try row.decode("error"), startedAt: try row.decode("started"),
                finishedAt: try row.decode("finished"),
                retryScheduled: try row.decode("retry"))
        }
    }

    struct Run {
        let id: Int64
        let scheduledFor: Double
        let trigger: String
        let status: String
        let attempt: Int
        let runner: String
        let error: String?
        let startedAt: Double?
        let finishedAt: Double?
        let retryScheduled: Bool
    }

    func remove() { try? FileManager.default.removeItem(atPath: jobsDirectory) }
}

/// A command job declaration.
func commandJob(_ name: String, schedule: String, argv: [String], extra: String = "") -> String {
    let args = argv.map { "\"\($0)\"" }.joined(separator: ", ")
    return #"{"name": "\#(name)", "kind": "command", "schedule": "\#(schedule)", "params": {"argv": "#
        + #"[\#(args)]}\#(extra)}"#
}

/// Whether any process's command line contains `marker`.
func processExists(withArgument marker: String) -> Bool {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
    for entry in entries where entry.allSatisfy(\.isNumber) {
        guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        if words.contains(marker) { return true }
    }
    return false
}
