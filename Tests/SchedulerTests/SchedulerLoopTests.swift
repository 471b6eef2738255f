import Foundation
import Scheduler
import SchedulerTesting
import Store
import Testing

/// The `serve` loop's rules (PRODUCT.md section 6) on a manual clock and an in-memory store: catch-up,
/// overlap, queue, retries, leases, timeouts, shutdown and replicas, each in milliseconds.
@Suite("Scheduler loop, in-process")
struct SchedulerLoopTests {
    typealias Bed = SchedulerBed

    @Test func anOnTimeFiringRunsOnceAtItsMinute() async throws {
        let bed = try Bed(jobs: ["tick": Bed.job("tick")])
        await bed.start()
        await bed.advance(by: 61)
        let runs = bed.runs("tick")
        #expect(runs.map(\.scheduledFor) == [Bed.minute(1)])
        #expect(runs.map(\.status) == [.succeeded])
        #expect(runs.map(\.trigger) == [.schedule])
        #expect(runs.first?.startedAt == Bed.minute(1), "claimed at its minute, not a tick later")
        #expect(await bed.stop())
    }

    @Test("ten minutes down: a one-minute job runs 0, 1 or 10 missed firings by catchup policy",
          arguments: [("none", 0, 10), ("latest", 1, 9), ("all", 10, 0)])
    func catchUpFollowsThePolicy(policy: String, ran: Int, skipped: Int) async throws {
        let clock = ManualClock(now: Bed.minute(-10))
        let store = InMemorySchedulerStore(clock: clock)
        // The last firing a runner saw before everything stopped: 09:50.
        guard case .claimed(let last) = try await store.claim(job: "tick", scheduledFor: Bed.minute(-10),
                                                              trigger: .schedule, runner: "gone", overlap: .skip)
        else { Issue.record("claim failed"); return }
        try await store.finish(id: last, status: .succeeded, error: nil, output: nil, retryAfter: nil)
        clock.advance(by: 630)  // back at 10:00:30
        let bed = try Bed(jobs: ["tick": Bed.job("tick", extra: #""catchup": "\#(policy)""#)], store: store,
                          clock: clock)
        await bed.start()
        await bed.advance(by: 5)
        let missed = bed.runs("tick").filter { $0.scheduledFor > Bed.minute(-10) }
        #expect(missed.filter { $0.status == .succeeded }.count == ran)
        #expect(missed.filter { $0.status == .skipped }.count == skipped)
        let reasons = missed.filter { $0.status == .skipped }.compactMap(\.error)
        #expect(reasons.allSatisfy { $0.contains("missed") || $0.contains("superseded") || $0.contains("catchup") },
                "\(Set(reasons))")
        #expect(Set(missed.map(\.scheduledFor)).count == missed.count, "each firing recorded once")
        if policy == "all" {
            let started = missed.compactMap(\.startedAt)
            #expect(started == started.sorted(), "catch-up runs go one after another, oldest first")
        }
        #expect(await bed.stop())
    }

    @Test func overlapSkipRecordsTheFiringDueWhileTheJobRuns() async throws {
        let bed = try Bed(jobs: ["slow": Bed.job("slow", behaviour: .takes, seconds: 90)])
        await bed.start()
        await bed.advance(by: 185)  // 10:03:05
        let runs = bed.runs("slow")
        #expect(runs.map(\.scheduledFor) == [Bed.minute(1), Bed.minute(2), Bed.minute(3)])
        #expect(runs.map(\.status) == [.succeeded, .skipped, .running])
        #expect(runs[1].error?.hasPrefix("overlap: run \(runs[0].id) of this job is still running") == true)
        #expect(await bed.stop(within: 120))
    }

    @Test func overlapQueueRunsTheFiringAsSoonAsTheRunningOneEnds() async throws {
        let bed = try Bed(jobs: ["slow": Bed.job("slow", behaviour: .takes, seconds: 90,
                                                 extra: #""overlap": "queue""#)])
        await bed.start()
        await bed.advance(by: 155)  // 10:02:35
        let runs = bed.runs("slow")
        #expect(runs.map(\.scheduledFor) == [Bed.minute(1), Bed.minute(2)])
        #expect(runs.map(\.status) == [.succeeded, .running])
        #expect(runs[1].startedAt == Bed.minute(1).addingTimeInterval(90), "started when the first run ended")
        #expect(await bed.stop(within: 120))
    }

    @Test func overlapAllowRunsFiringsSideBySide() async throws {
        let bed = try Bed(jobs: ["slow": Bed.job("slow", behaviour: .takes, seconds: 90,
                                                 extra: #""overlap": "allow""#)])
        await bed.start()
        await bed.advance(by: 125)  // 10:02:05
        #expect(bed.runs("slow").map(\.status) == [.running, .running])
        #expect(await bed.stop(within: 120))
    }

    @Test func aFailedRunIsRetriedWithDoublingBackoffAndNotifiedOnceWhenAttemptsRunOut() async throws {
        let bed = try Bed(jobs: ["flaky": Bed.job("flaky", schedule: "1 10 * * *", behaviour: .fail,
                                                   extra: #""retries": 2, "retryBackoff": "1m", "#
                                                       + #""notifyOnFailure": ["ops@example.com"]"#)])
        await bed.start()
        await bed.advance(by: 60 * 6)
        let runs = bed.runs("flaky")
        #expect(runs.map(\.attempt) == [1, 2, 3])
        #expect(runs.map(\.trigger) == [.schedule, .retry, .retry])
        #expect(runs.map(\.status) == [.failed, .failed, .failed])
        #expect(runs.map(\.startedAt) == [Bed.minute(1), Bed.minute(2), Bed.minute(4)], "1 min, then 2 min later")
        #expect(runs.last?.retryAt == nil)
        #expect(bed.failures.all == ["flaky"], "one notice for the failed firing, not one per attempt")
        #expect(await bed.stop())
    }

    @Test func aTimeoutCancelsTheWorkAndRecordsTimedOut() async throws {
        let bed = try Bed(jobs: ["stuck": Bed.job("stuck", schedule: "1 10 * * *", behaviour: .hangs,
                                                   extra: #""timeout": "30s""#)])
        await bed.start()
        await bed.advance(by: 95)
        let runs = bed.runs("stuck")
        #expect(runs.map(\.status) == [.timedOut])
        #expect(runs.first?.finishedAt == Bed.minute(1).addingTimeInterval(30))
        #expect(runs.first?.error?.contains("timed out after 30s") == true)
        #expect(await bed.stop())
    }

    @Test func theRunOfAReplicaThatStoppedHeartbeatingIsAbandonedAfterTheLeaseAndRetriedHere() async throws {
        let clock = ManualClock(now: Bed.start)
        let store = InMemorySchedulerStore(clock: clock)
        let orphan = store.insertRunning(job: "nightly", scheduledFor: Bed.minute(-5), runner: "killed-replica")
        store.ageHeartbeat(of: orphan, by: 45)
        let bed = try Bed(jobs: ["nightly": Bed.job("nightly", schedule: "55 9 * * *",
                                                     extra: #""retries": 1, "retryBackoff": "10s""#)],
                          store: store, clock: clock)
        await bed.start()
        await bed.advance(by: 15)
        let runs = bed.runs("nightly")
        #expect(runs.map(\.status) == [.abandoned, .succeeded])
        #expect(runs.first?.error?.hasPrefix("lease expired: runner killed-replica") == true)
        #expect(runs.last?.runner == "runner-a")
        #expect(runs.last?.trigger == .retry)
        #expect(runs.last?.startedAt == Bed.start.addingTimeInterval(10), "after the retry backoff")
        #expect(await bed.stop())
    }

    @Test func shutdownLetsARunFinishWithinTheGrace() async throws {
        let bed = try Bed(jobs: ["short": Bed.job("short", schedule: "1 10 * * *", behaviour: .takes, seconds: 10)])
        await bed.start()
        await bed.advance(by: 65)  // 10:01:05, the run has 5 s to go
        #expect(await bed.stop(within: 15))
        #expect(bed.runs("short").map(\.status) == [.succeeded])
        #expect(bed.store.runners == ["runner-a": false], "the runner is recorded stopped")
    }

    @Test func shutdownReleasesARunStillGoingAfterTheGraceForAnotherRunner() async throws {
        let bed = try Bed(jobs: ["long": Bed.job("long", schedule: "1 10 * * *", behaviour: .hangs,
                                                 extra: #""timeout": "1h""#)])
        await bed.start()
        await bed.advance(by: 65)
        let asked = bed.clock.now
        #expect(await bed.stop(within: 30))
        let run = try #require(bed.runs("long").first)
        #expect(run.status == .abandoned)
        #expect(run.error?.hasPrefix("shutdown:") == true)
        #expect(run.finishedAt == asked.addingTimeInterval(20), "released when the 20 s grace ran out")
        #expect(run.retryAt == run.finishedAt, "another runner may take it at once")
    }

    @Test func twoReplicasOnOneStoreRunEachFiringExactlyOnce() async throws {
        let clock = ManualClock(now: Bed.start)
        let store = InMemorySchedulerStore(clock: clock)
        let first = try Bed(jobs: ["tick": Bed.job("tick")], runner: "runner-a", store: store, clock: clock)
        let second = try Bed(jobs: ["tick": Bed.job("tick")], runner: "runner-b", store: store, clock: clock)
        await first.start()
        await second.start()
        await first.advance(by: 185)
        let runs = store.runs.filter { $0.job == "tick" }
        #expect(runs.map(\.scheduledFor) == [Bed.minute(1), Bed.minute(2), Bed.minute(3)])
        #expect(runs.allSatisfy { $0.status == .succeeded })
        #expect(first.executions.all.count + second.executions.all.count == 3)
        #expect(await first.stop())
        #expect(await second.stop())
    }
}
