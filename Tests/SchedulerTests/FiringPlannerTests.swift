import Config
import Cron
import CivilTime
import Foundation
import ZoneInfo
import Scheduler
import Store
import Testing

/// The catch-up and deadline rules, with explicit times: no clock, no database.
@Suite("Firing planner")
struct FiringPlannerTests {
    static let utc = Zone.utc
    static let everyMinute = JobSchedule.cron(try! CronSchedule(parsing: "* * * * *", timeZone: utc))

    static func time(_ text: String) -> Date { TimeText.parse(text, in: utc)! }

    static func decide(_ catchup: CatchupPolicy, deadline: Int = 3600, after: String, now: String,
                       schedule: JobSchedule = everyMinute) -> [FiringPlanner.Decision] {
        FiringPlanner.decide(schedule: schedule, catchup: catchup, startingDeadline: deadline, after: time(after),
                             now: time(now))
    }

    static func runs(_ decisions: [FiringPlanner.Decision]) -> [Date] {
        decisions.compactMap { if case .run(let date, _) = $0 { return date } else { return nil } }
    }

    @Test func onTimeFiringRunsOnSchedule() {
        let decisions = Self.decide(.none, after: "2026-11-27T10:00:00Z", now: "2026-11-27T10:01:00.004Z")
        #expect(decisions == [.run(Self.time("2026-11-27T10:01:00Z"), .schedule)])
    }

    @Test func nothingIsDueBeforeTheFiring() {
        #expect(Self.decide(.all, after: "2026-11-27T10:00:00Z", now: "2026-11-27T10:00:59.999Z").isEmpty)
    }

    @Test func tenMinutesDownWithCatchupNoneRunsNothingAndRecordsEachSkip() {
        let decisions = Self.decide(.none, after: "2026-11-27T10:00:00Z", now: "2026-11-27T10:10:30Z")
        #expect(decisions.count == 10)
        #expect(Self.runs(decisions).isEmpty)
        #expect(decisions.allSatisfy { if case .skip(_, .catchup,
                let reason) = $0 { reason.contains("catchup: none") } else { false } })
    }

    @Test func tenMinutesDownWithCatchupLatestRunsOnlyTheNewest() {
        let decisions = Self.decide(.latest, after: "2026-11-27T10:00:00Z", now: "2026-11-27T10:10:30Z")
        #expect(decisions.count == 10)
        #expect(Self.runs(decisions) == [Self.time("2026-11-27T10:10:00Z")])
        #expect(decisions.last == .run(Self.time("2026-11-27T10:10:00Z"), .catchup))
    }

    @Test func tenMinutesDownWithCatchupAllRunsEveryFiringOldestFirst() {
        let decisions = Self.decide(.all, after: "2026-11-27T10:00:00Z", now: "2026-11-27T10:10:30Z")
        #expect(Self.runs(decisions) == (1...10).map { Self.time("2026-11-27T10:\(String(format: "%02d", $0)):00Z") })
        #expect(decisions.allSatisfy { if case .run(_, .catchup) = $0 { true } else { false } })
    }

    @Test func firingsOlderThanTheDeadlineAreSkippedWithTheReasonWhateverThePolicy() {
        for policy in CatchupPolicy.allCases {
            let decisions = Self.decide(policy, deadline: 300, after: "2026-11-27T10:00:00Z",
                                        now: "2026-11-27T10:10:30Z")
            let old = decisions.filter { $0.scheduledFor < Self.time("2026-11-27T10:05:30Z") }
            #expect(old.count == 5)
            #expect(old.allSatisfy { if case .skip(_, _,
                    let reason) = $0 { reason.contains("startingDeadline 5m") } else { false } })
        }
    }

    @Test func onTimeNewestRunsWhileOlderMissedOnesFollowThePolicy() {
        // A restart 2 s after a firing: the newest is on time; the 9 before it were missed.
        let none = Self.decide(.none, after: "2026-11-27T10:00:00Z", now: "2026-11-27T10:10:02Z")
        #expect(Self.runs(none) == [Self.time("2026-11-27T10:10:00Z")])
        let latest = Self.decide(.latest, after: "2026-11-27T10:00:00Z", now: "2026-11-27T10:10:02Z")
        #expect(Self.runs(latest) == [Self.time("2026-11-27T10:10:00Z")])
        #expect(latest.count == 10)
    }

    @Test func oneShotJobFiresOnceAndIsSkippedWhenPastItsDeadline() {
        let at = JobSchedule.once(Self.time("2026-12-07T13:00:00Z"))
        #expect(Self.decide(.latest, after: "2026-12-07T12:00:00Z", now: "2026-12-07T13:00:01Z", schedule: at)
                == [.run(Self.time("2026-12-07T13:00:00Z"), .schedule)])
        let late = Self.decide(.latest, deadline: 3600, after: "2026-12-07T12:00:00Z", now: "2026-12-07T15:00:00Z",
                               schedule: at)
        #expect(Self.runs(late).isEmpty)
        #expect(late.count == 1)
    }

    @Test func aDayOfMissedEverySecondFiringsIsBoundedAndSaysSo() {
        let everySecond = JobSchedule.cron(try! CronSchedule(parsing: "* * * * * *", timeZone: Self.utc))
        let decisions = Self.decide(.none, deadline: 60, after: "2026-11-26T10:00:00Z", now: "2026-11-27T10:00:00.5Z",
                                    schedule: everySecond)
        let old = decisions.filter { if case .skip(_, _,
                let reason) = $0 { reason.contains("startingDeadline") } else { false } }
        #expect(old.count == FiringPlanner.maximumMissedRecords)
        if case .skip(_, _, let reason) = old.last! { #expect(reason.contains("not recorded one by one")) }
        #expect(Self.runs(decisions) == [Self.time("2026-11-27T10:00:00Z")])
    }
}
