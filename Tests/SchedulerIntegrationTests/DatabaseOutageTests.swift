import Foundation
import Postgres
import Testing
import TestSupport

/// PostgreSQL going away while a run is in flight (PRODUCT.md sections 6 and 10): a known outcome is kept
/// and recorded when the database returns; the live runner never abandons and re-runs its own run.
@Suite("database outage during a run")
struct DatabaseOutageTests {
    @Test func anOutcomeKnownWhileTheDatabaseIsDownIsRecordedWhenItReturnsAndTheWorkRunsOnce() async throws {
        let server = try TemporaryPostgresServer()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outage-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let marker = directory + "/ran.txt"
        // Fires once, 3 s from now (UTC wall clock, seconds field), and takes 5 s.
        let at = Date().addingTimeInterval(3)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.second, .minute, .hour, .day, .month], from: at)
        let schedule = "\(parts.second!) \(parts.minute!) \(parts.hour!) \(parts.day!) \(parts.month!) *"
        try #"{"baseline": {"start": "2026-11-30", "timezone": "UTC"}}"#.write(toFile: directory + "/program.json",
            atomically: true, encoding: .utf8)
        try commandJob("slow", schedule: schedule, argv: ["sh", "-c", "echo started >> \(marker); sleep 5"],
            extra: #", "retries": 2"#)
            .write(toFile: directory + "/slow.json", atomically: true, encoding: .utf8)
        let environment = ["DATABASE_URL": server.url, "JOBS_DIR": directory, "RUNNER_HEARTBEAT": "1s",
            "RUNNER_LEASE": "3s",
                           "RUNNER_SHUTDOWN_GRACE": "2s", "METRICS_ADDR": "off"]
        #expect(try RunnerBinary.run(["migrate"], environment: environment).status == 0)
        let serve = try BackgroundProcess(RunnerBinary.path, ["serve"], environment: environment,
            directory: RunnerBinary.packageRoot)

        for _ in 0..<100 where !FileManager.default.fileExists(atPath: marker) {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(FileManager.default.fileExists(atPath: marker), "the run started: \(serve.log.suffix(1500))")
        try server.stop()                                  // down while the command runs ...
        try await Task.sleep(for: .seconds(8))             // ... past its end and past the lease
        try server.start()
        try await Task.sleep(for: .seconds(8))             // heartbeats resume, the outcome is recorded
        serve.send(SIGTERM)
        #expect(serve.wait(timeout: 10) == 0)

        let lines = try String(contentsOfFile: marker, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1, "the command ran \(lines.count) times")
        let connection = try PostgresConnection(server.url)
        let runs = try connection.query("SELECT status, coalesce(error, '') AS error FROM baseline_runner.job_runs "
            + "WHERE job = 'slow' ORDER BY id")
            .rows.map { (try $0.decode("status", as: String.self), try $0.decode("error", as: String.self)) }
        #expect(runs.map(\.0) == ["succeeded"], "\(runs)\n\(serve.log.suffix(2000))")
    }
}
