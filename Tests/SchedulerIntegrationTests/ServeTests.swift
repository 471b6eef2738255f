import Foundation
import Postgres
import Testing
import TestSupport

@Suite("serve with real processes and PostgreSQL")
struct ServeTests {
    /// Waits until the current second is at least `second` past the minute, so that a minute firing
    /// is well past the on-time tolerance.
    static func waitUntilSecond(_ second: Int) {
        let now = Date().timeIntervalSince1970
        let into = now.truncatingRemainder(dividingBy: 60)
        if into < Double(second) { usleep(useconds_t((Double(second) - into) * 1_000_000)) }
        if into > 50 { usleep(useconds_t((60 - into + Double(second)) * 1_000_000)) }
    }

    /// Records the job `minutely`'s last firing 10 minutes before the current minute, as if every runner
    /// had been down since: the 10 firings after it were missed, each well past the on-time tolerance.
    static func simulateTenMinuteOutage(_ fixture: RunnerFixture) throws {
        waitUntilSecond(15)
        try fixture.connection.query("""
            INSERT INTO baseline_runner.job_runs (job, scheduled_for, trigger, status, runner, started_at, finished_at)
            VALUES ('minutely', date_trunc('minute', now()) - interval '10 minutes', 'schedule', 'succeeded', 'old',
                    now(), now())
            """)
    }

    @Test("after 10 minutes down a one-minute job runs 0, 1 or 10 times by catchup policy",
          arguments: [("none", 0), ("latest", 1), ("all", 10)])
    func catchUpAfterDowntime(policy: String, expectedRuns: Int) throws {
        let fixture = try RunnerFixture("catchup\(policy)", jobs: [
            "minutely": commandJob("minutely", schedule: "* * * * *", argv: ["true"],
                                   extra: #", "catchup": "\#(policy)""#),
        ])
        defer { fixture.remove() }
        try Self.simulateTenMinuteOutage(fixture)
        let serve = try fixture.serve()
        usleep(2_500_000)
        serve.send(SIGTERM)
        #expect(serve.wait(timeout: 10) == 0, "\(serve.log)")
        let missed = try fixture.runs("minutely").dropFirst()
        #expect(missed.count == 10, "\(missed.map { ($0.status, $0.error ?? "") })")
        let ran = missed.filter { $0.status == "succeeded" }
        #expect(ran.count == expectedRuns)
        #expect(ran.allSatisfy { $0.trigger == "catchup" })
        #expect(ran.map(\.scheduledFor) == ran.map(\.scheduledFor).sorted(), "oldest first")
        #expect(missed.filter { $0.status == "skipped" }.allSatisfy { $0.error?.isEmpty == false },
                "each skip has its reason")
    }

    @Test func firingsOlderThanTheStartingDeadlineAreSkippedWithTheReason() throws {
        let fixture = try RunnerFixture("deadline", jobs: [
            "minutely": commandJob("minutely", schedule: "* * * * *", argv: ["true"],
                                   extra: #", "catchup": "all", "startingDeadline": "5m""#),
        ])
        defer { fixture.remove() }
        try Self.simulateTenMinuteOutage(fixture)
        let serve = try fixture.serve()
        usleep(2_500_000)
        serve.send(SIGTERM)
        #expect(serve.wait(timeout: 10) == 0)
        let missed = try fixture.runs("minutely").dropFirst()
        let tooOld = missed.filter { $0.error?.contains("startingDeadline 5m") == true }
        #expect(tooOld.count == 5)
        #expect(tooOld.allSatisfy { $0.status == "skipped" })
        #expect(missed.filter { $0.status == "succeeded" }.count == 5)
    }

    @Test("overlap policies with a job longer than its interval", arguments: ["skip", "queue", "allow"])
    func overlapPolicies(policy: String) throws {
        let fixture = try RunnerFixture("overlap\(policy)", jobs: [
            "long": commandJob("long", schedule: "*/1 * * * * *", argv: ["sleep", "1.6"],
                               extra: #", "overlap": "\#(policy)""#),
        ])
        defer { fixture.remove() }
        let serve = try fixture.serve()
        usleep(5_000_000)
        serve.send(SIGTERM)
        #expect(serve.wait(timeout: 15) == 0, "\(serve.log)")
        let runs = try fixture.runs("long")
        let executed = runs.filter { $0.status == "succeeded" }
        let skipped = runs.filter { $0.status == "skipped" }
        #expect(executed.count >= 2, "\(runs.map(\.status))")
        func overlapping(_ a: RunnerFixture.Run, _ b: RunnerFixture.Run) -> Bool {
            guard let aStart = a.startedAt, let aEnd = a.finishedAt, let bStart = b.startedAt,
                  let bEnd = b.finishedAt else { return false }
            return aStart < bEnd && bStart < aEnd
        }
        let anyOverlap = executed.indices.contains { i in executed.indices.contains { j in i < j
            && overlapping(executed[i], executed[j]) } }
        switch policy {
        case "skip":
            #expect(!anyOverlap)
            #expect(!skipped.isEmpty)
            #expect(skipped.allSatisfy { $0.error?.contains("overlap") == true })
        case "queue":
            #expect(!anyOverlap)
            // Queued firings never skip for overlap; those still waiting at SIGTERM are recorded as such.
            #expect(skipped.allSatisfy { $0.error?.contains("the runner shut down while the firing waited") == true },
                "\(skipped.map { $0.error ?? "" })")
            #expect(executed.map(\.scheduledFor) == executed.map(\.scheduledFor).sorted())
        default:
            #expect(anyOverlap)
            #expect(skipped.isEmpty)
        }
    }

    @Test func sigtermExitsZeroAndReleasesARunningJobAsAbandonedForRetry() throws {
        let marker = "41.\(Int.random(in: 100...999))"
        let fixture = try RunnerFixture("sigterm", jobs: [
            "long": commandJob("long", schedule: "*/1 * * * * *", argv: ["sleep", marker],
                               extra: #", "timeout": "5m""#),
        ])
        defer { fixture.remove() }
        let serve = try fixture.serve()
        usleep(2_000_000)
        let start = Date()
        serve.send(SIGTERM)
        let status = serve.wait(timeout: 30)
        #expect(status == 0, "\(serve.log)")
        #expect(Date().timeIntervalSince(start) < 10, "grace is 2 s in this test")
        let runs = try fixture.runs("long").filter { $0.status != "skipped" }
        #expect(runs.count == 1)
        #expect(runs.first?.status == "abandoned")
        #expect(runs.first?.error?.contains("shutdown") == true)
        #expect(runs.first?.retryScheduled == true, "released to be retried elsewhere")
        usleep(200_000)
        #expect(!processExists(withArgument: marker))
    }

    @Test func killedRunnersRunIsAbandonedAfterTheLeaseAndRetriedByAnotherReplica() throws {
        let fixture = try RunnerFixture("lease", jobs: [
            "long": commandJob("long", schedule: "*/1 * * * * *", argv: ["sleep", "30"],
                               extra: #", "retries": 1, "retryBackoff": "1s", "timeout": "5m", "overlap": "skip""#),
        ])
        defer { fixture.remove() }
        let first = try fixture.serve(extra: ["RUNNER_ID": "first"])
        usleep(1_500_000)
        first.send(SIGKILL)
        _ = first.wait(timeout: 5)
        let second = try fixture.serve(extra: ["RUNNER_ID": "second"])
        defer {
            second.send(SIGKILL)
            _ = second.wait(timeout: 5)
        }
        // Lease 3 s, heartbeat 1 s: the orphaned run is abandoned within about 4 s, retried 1 s later.
        var runs: [RunnerFixture.Run] = []
        for _ in 0..<100 {
            usleep(100_000)
            runs = try fixture.runs("long")
            if runs.contains(where: { $0.trigger == "retry" }) { break }
        }
        let abandoned = try #require(runs.first { $0.runner == "first" && $0.status == "abandoned" },
                                     "\(runs.map { ($0.runner, $0.status) })")
        #expect(abandoned.error?.contains("lease expired") == true)
        let retry = try #require(runs.first { $0.trigger == "retry" })
        #expect(retry.runner == "second")
        #expect(retry.attempt == 2)
        #expect(retry.scheduledFor == abandoned.scheduledFor)
    }

    @Test func threeReplicasClaimEachSecondExactlyOnce() throws {
        let fixture = try RunnerFixture("replicas", jobs: [
            "tick": commandJob("tick", schedule: "*/1 * * * * *", argv: ["true"], extra: #", "catchup": "all""#),
        ])
        defer { fixture.remove() }
        var replicas = try (0..<3).map { try fixture.serve(extra: ["RUNNER_ID": "replica-\($0)"]) }
        usleep(2_000_000)
        replicas[1].send(SIGKILL)
        _ = replicas[1].wait(timeout: 5)
        usleep(1_000_000)
        replicas[1] = try fixture.serve(extra: ["RUNNER_ID": "replica-1b"])
        usleep(3_000_000)
        for replica in replicas { replica.send(SIGTERM) }
        for replica in replicas { #expect(replica.wait(timeout: 15) == 0) }
        let runs = try fixture.runs("tick").filter { $0.trigger != "manual" }
        let seconds = runs.map { Int($0.scheduledFor) }
        #expect(Set(seconds).count == seconds.count, "one claim per second")
        let first = try #require(seconds.min()), last = try #require(seconds.max())
        #expect(Set(seconds) == Set(first...last), "no second missing")
        #expect(seconds.count >= 5)
        #expect(runs.allSatisfy { $0.status == "succeeded" }, "\(runs.map(\.status))")
        #expect(Set(runs.map(\.runner)).count >= 2, "work is shared between replicas")
    }
}

@Suite("serve and one-shot jobs")
struct OneShotServeTests {
    @Test func oneShotMissedBeforeAnyRunnerStartedIsRecordedNotForgotten() throws {
        let past = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-7200))
        let fixture = try RunnerFixture("oneshot", jobs: [
            "report": #"{"name": "report", "kind": "command", "at": "\#(past)", "startingDeadline": "1h", "params": "#
                + #"{"argv": ["true"]}}"#,
            "recent": #"{"name": "recent", "kind": "command", "at": "#
                + #""\#(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60)))", "startingDeadline": "#
                    + #""1h", "params": {"argv": ["true"]}}"#,
        ])
        defer { fixture.remove() }
        let serve = try fixture.serve()
        usleep(2_000_000)
        serve.send(SIGTERM)
        #expect(serve.wait(timeout: 10) == 0)
        let late = try fixture.runs("report")
        #expect(late.map(\.status) == ["skipped"])
        #expect(late.first?.error?.contains("startingDeadline") == true)
        #expect(try fixture.runs("recent").map(\.status) == ["succeeded"])
    }
}

@Suite("health of a serve process")
struct HealthTests {
    @Test func healthFailsWhenThisHostsSchedulerStopsHeartbeating() throws {
        let fixture = try RunnerFixture("health",
                                        jobs: ["idle": commandJob("idle", schedule: "0 3 * * *", argv: ["true"])])
        defer { fixture.remove() }
        #expect(try fixture.run(["health"]).status == 0, "no serve on this host: the database answering is enough")
        let serve = try fixture.serve()
        defer {
            serve.send(SIGCONT)
            serve.send(SIGTERM)
            _ = serve.wait(timeout: 10)
        }
        usleep(1_500_000)
        #expect(try fixture.run(["health"]).status == 0)
        serve.send(SIGSTOP)  // a stuck scheduler: alive, but no heartbeat
        usleep(4_500_000)    // longer than RUNNER_LEASE (3 s)
        let stuck = try fixture.run(["health"])
        #expect(stuck.status == 1)
        #expect(stuck.stderr.contains("heartbeat is stale"))
        serve.send(SIGCONT)
        usleep(2_000_000)
        #expect(try fixture.run(["health"]).status == 0, "heartbeats resume")
    }

    @Test func healthFailsWhenEveryTickFailsThoughTheDatabaseAnswers() throws {
        let fixture = try RunnerFixture("health_ticks", jobs: ["idle": commandJob("idle", schedule: "0 3 * * *",
            argv: ["true"])])
        defer { fixture.remove() }
        let serve = try fixture.serve()
        defer {
            serve.send(SIGTERM)
            _ = serve.wait(timeout: 10)
        }
        usleep(1_500_000)
        #expect(try fixture.run(["health"]).status == 0)
        // Every tick now fails (its table is gone), while the database and the runners table answer.
        let admin = try PostgresConnection(TestServices.adminURL(forScratch: fixture.databaseURL))
        try admin.query("ALTER TABLE baseline_runner.job_runs RENAME TO job_runs_hidden")
        usleep(4_500_000)
        let failing = try fixture.run(["health"])
        try admin.query("ALTER TABLE baseline_runner.job_runs_hidden RENAME TO job_runs")
        #expect(failing.status == 1, "a scheduler whose every tick fails is unhealthy: \(failing.stderr)")
        usleep(3_000_000)
        #expect(try fixture.run(["health"]).status == 0, "healthy again once ticks succeed")
    }
}

@Suite("serve reloads job files on SIGHUP")
struct ReloadTests {
    @Test func aGoodSetIsTakenAndABadSetIsRefusedWithTheOldOneKept() throws {
        let fixture = try RunnerFixture("reload",
                                        jobs: ["idle": commandJob("idle", schedule: "0 3 * * *", argv: ["true"])])
        defer { fixture.remove() }
        let serve = try fixture.serve()
        defer {
            serve.send(SIGTERM)
            _ = serve.wait(timeout: 10)
        }
        usleep(1_000_000)
        try commandJob("tick", schedule: "*/1 * * * * *",
                argv: ["true"]).write(toFile: fixture.jobsDirectory + "/tick.json", atomically: true, encoding: .utf8)
        serve.send(SIGHUP)
        usleep(2_500_000)
        let afterGoodReload = try fixture.runs("tick").count
        #expect(afterGoodReload >= 1, "the new job fires after the reload: \(serve.log.suffix(1500))")

        try #"{"name": "broken", "kind": "command", "schedule": "61 * * * *", "params": {"argv": ["true"]}}"#
            .write(toFile: fixture.jobsDirectory + "/broken.json", atomically: true, encoding: .utf8)
        serve.send(SIGHUP)
        usleep(2_500_000)
        #expect(serve.log.contains("reload refused"))
        #expect(serve.log.contains("minute field: \\\"61\\\" is out of range 0-59"))
        #expect(try fixture.runs("tick").count > afterGoodReload, "the previous set keeps running")
        #expect(serve.wait(timeout: 0.1) == nil, "serve is still up")
    }
}
