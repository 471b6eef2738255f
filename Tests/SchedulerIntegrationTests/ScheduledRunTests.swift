import Foundation
import Postgres
import Testing
import TestSupport

/// `run JOB --scheduled` (the CronJob form), catch-up against overlap, and timeouts that stop database work
/// (PRODUCT.md sections 4 and 6): real `run` and `serve` processes against PostgreSQL.
@Suite("scheduled runs, catch-up and timeouts")
struct ScheduledRunTests {
    /// 2026-12-01T12:00:00Z, a firing of an every-minute job.
    static let firing = "2026-12-01T12:00:00Z"

    @Test func concurrentScheduledRunsOfOneFiringRunItOnce() async throws {
        let fixture = try RunnerFixture("scheduled_once", jobs: ["tick": commandJob("tick", schedule: "* * * * *",
            argv: ["sleep", "1"])])
        defer { fixture.remove() }
        let environment = fixture.environment
        let outputs = try await withThrowingTaskGroup(of: Shell.Output.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try RunnerBinary.run(["run", "tick", "--scheduled", "--at", "2026-12-01T12:00:30Z"],
                        environment: environment)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs.allSatisfy { $0.status == 0 }, "\(outputs.map(\.stderr))")
        let runs = try fixture.runs("tick")
        #expect(runs.count == 1, "one row for the firing, whoever won: \(runs.map(\.status))")
        #expect(runs.first?.trigger == "schedule" && runs.first?.status == "succeeded")
        #expect(runs.first?.scheduledFor == ISO8601DateFormatter().date(from: Self.firing)?.timeIntervalSince1970)
        #expect(outputs.filter { $0.stdout.contains("already claimed") }.count == 2, "\(outputs.map(\.stdout))")
    }

    @Test func scheduledRunsBesideAServeReplicaNeverRunAFiringTwice() async throws {
        let fixture = try RunnerFixture("scheduled_serve", jobs: [
            "tick": commandJob("tick", schedule: "* * * * * *", argv: ["sleep", "0.3"],
                extra: #", "overlap": "allow""#),
        ])
        defer { fixture.remove() }
        let serve = try fixture.serve()
        try await Task.sleep(for: .seconds(2))
        let environment = fixture.environment
        let outputs = try await withThrowingTaskGroup(of: Shell.Output.self) { group in
            for _ in 0..<3 { group.addTask { try RunnerBinary.run(["run", "tick", "--scheduled"],
                environment: environment) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await Task.sleep(for: .seconds(1))
        serve.send(SIGTERM)
        #expect(serve.wait(timeout: 10) == 0)
        #expect(outputs.allSatisfy { $0.status == 0 }, "\(outputs.map(\.stderr))")
        let runs = try fixture.runs("tick").filter { $0.status != "skipped" && $0.attempt == 1 }
        let perFiring = Dictionary(grouping: runs, by: \.scheduledFor).filter { $0.value.count > 1 }
        #expect(perFiring.isEmpty, "firings run twice: \(perFiring.keys.sorted())")
        #expect(runs.contains { $0.runner != runs.first?.runner }
            || outputs.contains { $0.stdout.contains("already claimed") },
                "the pods either ran a firing themselves or found it claimed: \(outputs.map(\.stdout))")
    }

    @Test func aFiringOlderThanTheDeadlineIsRecordedSkippedAndExitsZero() throws {
        let fixture = try RunnerFixture("scheduled_late", jobs: [
            "tick": commandJob("tick", schedule: "0 12 * * *", argv: ["true"], extra: #", "startingDeadline": "10m""#),
        ])
        defer { fixture.remove() }
        let late = try fixture.run(["run", "tick", "--scheduled", "--at", "2026-12-01T12:30:00Z"])
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stdout.contains("skipped"), "\(late.stdout)")
        let runs = try fixture.runs("tick")
        #expect(runs.map(\.status) == ["skipped"])
        #expect(runs.first?.error?.contains("startingDeadline 10m") == true, "\(runs.first?.error ?? "")")
    }

    @Test func firingsNoCronJobRanAreRecordedSkippedTheNextTime() throws {
        let fixture = try RunnerFixture("scheduled_missed", jobs: ["tick": commandJob("tick", schedule: "0 * * * *",
            argv: ["true"])])
        defer { fixture.remove() }
        #expect(try fixture.run(["run", "tick", "--scheduled", "--at", "2026-12-01T10:00:05Z"]).status == 0)
        #expect(try fixture.run(["run", "tick", "--scheduled", "--at", "2026-12-01T13:00:05Z"]).status == 0)
        let runs = try fixture.runs("tick").sorted { $0.scheduledFor < $1.scheduledFor }
        #expect(runs.map(\.status) == ["succeeded", "skipped", "skipped", "succeeded"],
            "\(runs.map { ($0.scheduledFor, $0.status) })")
        #expect(runs[1].error?.contains("no run was started") == true)
    }

    @Test func firingsQueuedBehindARunningRunAreRecordedWhenTheRunnerShutsDown() async throws {
        let fixture = try RunnerFixture("queued_shutdown", jobs: [
            "slow": commandJob("slow", schedule: "*/2 * * * * *", argv: ["sleep", "30"],
                               extra: #", "overlap": "queue", "startingDeadline": "5m""#),
        ])
        defer { fixture.remove() }
        let serve = try fixture.serve()
        try await Task.sleep(for: .seconds(7))
        serve.send(SIGTERM)
        #expect(serve.wait(timeout: 15) == 0)
        let runs = try fixture.runs("slow")
        let queued = runs.filter {
            $0.status == "skipped" && $0.error?.contains("shut down while the firing waited") == true
        }
        #expect(!queued.isEmpty, "\(runs.map { ($0.status, $0.error ?? "") })")
        let times = Set(runs.map(\.scheduledFor)).sorted()
        if let low = times.first, let high = times.last {
            #expect(times.count == Int((high - low) / 2) + 1, "every firing has a row: \(times)")
        }
    }

    @Test func catchUpAllRunsEveryMissedFiringAndNothingIsSkippedForOverlapWithCatchUp() async throws {
        // Every 5 s, each run 3 s; down for 12 s: the missed firings and the on-time one all run, one after another.
        let fixture = try RunnerFixture("catchup_all", jobs: [
            "tick": commandJob("tick", schedule: "*/5 * * * * *", argv: ["sleep", "3"],
                               extra: #", "catchup": "all", "startingDeadline": "1m", "overlap": "skip""#),
        ])
        defer { fixture.remove() }
        let first = try fixture.serve()
        try await Task.sleep(for: .seconds(7))
        first.send(SIGKILL)
        _ = first.wait(timeout: 5)
        try await Task.sleep(for: .seconds(12))
        let second = try fixture.serve()
        try await Task.sleep(for: .seconds(20))
        second.send(SIGTERM)
        #expect(second.wait(timeout: 10) == 0)
        let runs = try fixture.runs("tick")
        // A firing may be skipped for overlap with an on-time run (overlap: skip), never with a catch-up run.
        let triggers = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.trigger) })
        let overlapSkips = runs.filter { run in
            guard run.status == "skipped", let error = run.error, error.contains("overlap: run "),
                  let id = Int64(error.split(separator: " ")[2]) else { return false }
            return triggers[id] == "catchup"
        }
        let table = runs.map { "\($0.id) \(Int($0.scheduledFor) % 1000) \($0.trigger) \($0.status) "
            + "\($0.runner.suffix(5))" }
        #expect(overlapSkips.isEmpty, "skipped for overlap with a catch-up run: \(overlapSkips.map(\.id)) in \(table)")
        #expect(runs.contains { $0.trigger == "catchup" && $0.status == "succeeded" },
            "\(runs.map { ($0.trigger, $0.status) })")
        // Every 5-second firing from the first to the last recorded one has a row.
        let times = Set(runs.filter { $0.trigger != "retry" }.map(\.scheduledFor))
        let ordered = times.sorted()
        if let low = ordered.first, let high = ordered.last {
            let expected = Int((high - low) / 5) + 1
            #expect(times.count == expected, "a firing has no row: \(ordered)")
        }
    }

    @Test func aTimeoutCancelsTheStatementInFlightAndTheRunEndsTimedOut() throws {
        let fixture = try RunnerFixture("timeout_cancel", jobs: [
            "dq": #"{"name": "dq", "kind": "data-quality", "schedule": "30 6 * * *", "timeout": "3s"}"#,
        ])
        defer { fixture.remove() }
        let admin = try PostgresConnection(TestServices.adminURL(forScratch: fixture.databaseURL))
        try admin.query("CREATE TABLE IF NOT EXISTS public.tenant_configs (id uuid PRIMARY KEY, name text)")
        try admin.query("GRANT SELECT ON public.tenant_configs TO baseline_app")
        try admin.query("BEGIN")
        try admin.query("LOCK TABLE public.tenant_configs IN ACCESS EXCLUSIVE MODE")
        let started = Date()
        let run = try fixture.run(["run", "dq", "--at", "2026-12-01T06:30"],
            extra: ["PROMETHEUS_URL": "http://127.0.0.1:9"])
        let elapsed = Date().timeIntervalSince(started)
        try admin.query("ROLLBACK")
        #expect(run.status == 1)
        #expect(elapsed < 15, "the run waited \(elapsed) s on a lock; its timeout is 3 s")
        let runs = try fixture.runs("dq")
        #expect(runs.last?.status == "timed_out", "\(runs.map { ($0.status, $0.error ?? "") })")
        let waiting = try admin.query("""
            SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()
                AND wait_event_type = 'Lock'
            """).rows.first?.decode("n") as Int?
        #expect(waiting == 0, "no statement of the run is left waiting on the lock")
    }
}
