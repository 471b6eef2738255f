import Cron
import CivilTime
import Foundation
import ZoneInfo
import Testing

@Suite("Local days")
struct LocalDayTests {
    static let newYork = try! ZoneDatabase.system.zone(named: "America/New_York")

    @Test func dstDaysHave23And25Hours() {
        let spring = LocalDay.day("2026-03-08", in: Self.newYork)
        #expect(spring.end.timeIntervalSince(spring.start) == 23 * 3600)
        let autumn = LocalDay.day("2026-11-01", in: Self.newYork)
        #expect(autumn.end.timeIntervalSince(autumn.start) == 25 * 3600)
        #expect(TimeText.format(autumn.start, in: Self.newYork) == "2026-11-01T00:00:00-04:00")
        #expect(TimeText.format(autumn.end, in: Self.newYork) == "2026-11-02T00:00:00-05:00")
    }

    @Test func neighboursAndContainmentFollowTheWallClock() {
        let day = LocalDay.containing(Date(timeIntervalSince1970: 1_796_187_600 + 3600),
                                      in: Self.newYork)  // 2026-12-02 01:00 local
        #expect(day.date == "2026-12-02")
        #expect(day.previous.date == "2026-12-01")
        #expect(day.next.date == "2026-12-03")
        #expect(day.previous.end == day.start)
        #expect(LocalDay.day("2026-12-31", in: Self.newYork).next.date == "2027-01-01")
    }

    @Test func aDayStartingInAGapStartsAtTheFirstInstantAfterIt() {
        // Santiago skips 00:00-01:00 on 2026-09-06.
        let santiago = try! ZoneDatabase.system.zone(named: "America/Santiago")
        let day = LocalDay.day("2026-09-06", in: santiago)
        #expect(TimeText.format(day.start, in: santiago) == "2026-09-06T01:00:00-03:00")
        #expect(day.end.timeIntervalSince(day.start) == 23 * 3600)
    }
}
