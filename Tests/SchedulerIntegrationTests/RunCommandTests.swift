import Foundation
import Testing
import TestSupport

@Suite("run JOB against the real database")
struct RunCommandTests {
    @Test func exitStatusFollowsTheJobsResultAndRunsAreRecordedAsManual() throws {
        let fixture = try RunnerFixture("runexit", jobs: [
            "ok": commandJob("ok", schedule: "0 6 * * *",
                             argv: ["sh", "-c", "echo hello from $BASELINE_JOB attempt $BASELINE_ATTEMPT"]),
            "broken": commandJob("broken", schedule: "0 6 * * *", argv: ["sh", "-c", "echo oops >&2; exit 3"]),
        ])
        defer { fixture.remove() }
        let ok = try fixture.run(["run", "ok"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let broken = try fixture.run(["run", "broken"])
        #expect(broken.status == 1)
        let okRuns = try fixture.runs("ok")
        #expect(okRuns.map(\.status) == ["succeeded"])
        #expect(okRuns.map(\.trigger) == ["manual"])
        let failed = try #require(try fixture.runs("broken").first)
        #expect(failed.status == "failed")
        #expect(failed.error?.contains("exited with status 3") == true)
        let output = try fixture.connection.query("SELECT output FROM baseline_runner.job_runs WHERE job = "
            + "'ok'").first!.decode("output", as: String.self)
        #expect(output == "hello from ok attempt 1\n")
    }

    @Test func aCommandJobThatNeverMailsNeedsNoWritableOutbox() throws {
        let fixture = try RunnerFixture("nomail",
                                        jobs: ["quiet": commandJob("quiet", schedule: "0 6 * * *", argv: ["true"])])
        defer { fixture.remove() }
        let outbox = "/proc/baseline-runner-read-only/outbox"
        let run = try fixture.run(["run", "quiet"], extra: ["OUTBOX_DIR": outbox])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("mail is not available"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outbox))
    }

    @Test func manualRunOfAFiringThatAlreadyRanIsRefusedWithoutForce() throws {
        let fixture = try RunnerFixture("runforce",
                                        jobs: ["daily": commandJob("daily", schedule: "30 6 * * *", argv: ["true"])])
        defer { fixture.remove() }
        #expect(try fixture.run(["run", "daily", "--at", "2026-11-27T06:30"]).status == 0)
        let refused = try fixture.run(["run", "daily", "--at", "2026-11-27T06:30"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already ran"))
        #expect(refused.stderr.contains("--force"))
        #expect(try fixture.run(["run", "daily", "--at", "2026-11-27T06:30", "--force"]).status == 0)
        // A logical time that is not a firing is never refused.
        #expect(try fixture.run(["run", "daily", "--at", "2026-11-27T07:00"]).status == 0)
        #expect(try fixture.run(["run", "daily", "--at", "2026-11-27T07:00"]).status == 0)
        #expect(try fixture.runs("daily").count == 4)
    }

    @Test func timeoutEndsAsTimedOutAndLeavesNoChildBehind() throws {
        let marker = "31.\(Int.random(in: 100...999))"
        let fixture = try RunnerFixture("timeout", jobs: [
            "slow": commandJob("slow", schedule: "0 6 * * *", argv: ["sh", "-c", "sleep \(marker) & sleep \(marker)"],
                               extra: #", "timeout": "1s""#),
        ])
        defer { fixture.remove() }
        let start = Date()
        let output = try fixture.run(["run", "slow"])
        #expect(output.status == 1)
        #expect(Date().timeIntervalSince(start) < 10)
        let run = try #require(try fixture.runs("slow").first)
        #expect(run.status == "timed_out")
        #expect(run.error?.contains("timed out after 1s") == true)
        usleep(200_000)
        #expect(!processExists(withArgument: marker), "the whole process group is killed")
    }

    @Test func dryRunWritesNothing() throws {
        let fixture = try RunnerFixture("dryrun",
                jobs: ["echoer": commandJob("echoer", schedule: "0 6 * * *", argv: ["echo", "it's here"])])
        defer { fixture.remove() }
        let output = try fixture.run(["run", "echoer", "--dry-run"])
        #expect(output.status == 0)
        #expect(output.stdout == "would run: echo 'it'\\''s here'\n")
        #expect(try fixture.runs("echoer").isEmpty)
    }

    @Test func unknownJobIsAUsageError() throws {
        let fixture = try RunnerFixture("unknownjob",
                                        jobs: ["a": commandJob("a", schedule: "0 6 * * *", argv: ["true"])])
        defer { fixture.remove() }
        let output = try fixture.run(["run", "nope"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("declared jobs: a"))
    }
}
