import Cron
import CivilTime
import Foundation
import ZoneInfo
import Testing

/// DST rules of PRODUCT.md section 5. Transitions in 2026 (local wall clock):
/// New York: Mar 8 02:00→03:00, Nov 1 02:00→01:00. Berlin: Mar 29 02:00→03:00, Oct 25 03:00→02:00.
/// Lord Howe (30 min): Apr 5 02:00→01:30, Oct 4 02:00→02:30. Santiago (at midnight): Apr 5 00:00→Apr 4 23:00,
/// Sep 6 00:00→01:00. Chatham (+12:45): Apr 5 03:45→02:45, Sep 27 02:45→03:45.
@Suite("Cron and daylight saving time")
struct CronDaylightSavingTests {
    static let cases: [FireCase] = [
        // Interval-like: only instants that exist; both instants of a repeated hour.
        FireCase("0 * * * *", "America/New_York", after: "2026-03-08T00:30:00-05:00",
                 ["2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00"]),
        FireCase("*/30 * * * *", "America/New_York", after: "2026-11-01T00:45:00-04:00",
                 ["2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00",
                  "2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00"]),
        // Time-of-day-like: a gap match fires once at the first instant after the gap; a repeated time once.
        FireCase("30 2 * * *", "America/New_York", after: "2026-03-07T12:00",
                 ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"]),
        FireCase("*/20 2 * * *", "America/New_York", after: "2026-03-07T23:00:00-05:00",
                 ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"]),
        FireCase("0 2,3 * * *", "America/New_York", after: "2026-03-07T23:00:00-05:00",
                 ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00", "2026-03-09T03:00:00-04:00"]),
        FireCase("30 1 * * *", "America/New_York", after: "2026-10-31T12:00:00-04:00",
                 ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
        FireCase("30 1 * * *", "America/New_York", after: "2026-11-01T01:45:00-04:00",
                 ["2026-11-02T01:30:00-05:00"]),
        // A seconds field does not move the gap firing off the first instant after the gap.
        FireCase("45 30 2 * * *", "America/New_York", after: "2026-03-08T00:00",
                 ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:45-04:00"]),
        FireCase("15 2 * * *", "Europe/Berlin", after: "2026-03-28T12:00:00+01:00",
                 ["2026-03-29T03:00:00+02:00", "2026-03-30T02:15:00+02:00"]),
        FireCase("30 2 * * *", "Europe/Berlin", after: "2026-10-24T12:00:00+02:00",
                 ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]),
        FireCase("15 2 * * *", "Australia/Lord_Howe", after: "2026-10-03T12:00:00+10:30",
                 ["2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"]),
        FireCase("45 1 * * *", "Australia/Lord_Howe", after: "2026-04-04T12:00:00+11:00",
                 ["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"]),
        FireCase("0,30 * * * *", "Australia/Lord_Howe", after: "2026-04-05T01:15:00+11:00",
                 ["2026-04-05T01:30:00+11:00", "2026-04-05T01:30:00+10:30", "2026-04-05T02:00:00+10:30",
                  "2026-04-05T02:30:00+10:30"]),
        FireCase("0 0 * * *", "America/Santiago", after: "2026-09-05T12:00:00-04:00",
                 ["2026-09-06T01:00:00-03:00", "2026-09-07T00:00:00-03:00"]),
        FireCase("30 23 * * *", "America/Santiago", after: "2026-04-04T12:00:00-03:00",
                 ["2026-04-04T23:30:00-03:00", "2026-04-05T23:30:00-04:00"]),
        FireCase("0 3 * * *", "Pacific/Chatham", after: "2026-09-26T12:00:00+12:45",
                 ["2026-09-27T03:45:00+13:45", "2026-09-28T03:00:00+13:45"]),
        FireCase("0 3 * * *", "Pacific/Chatham", after: "2026-04-04T12:00:00+13:45",
                 ["2026-04-05T03:00:00+13:45", "2026-04-06T03:00:00+12:45"]),
        // Zones without DST.
        FireCase("0 9 * * 1-5", "Asia/Tokyo", after: "2026-11-27T10:00:00+09:00",
                 ["2026-11-30T09:00:00+09:00", "2026-12-01T09:00:00+09:00"]),
        FireCase("30 6 * * *", "Asia/Kolkata", after: "2026-11-27T00:00:00Z", ["2026-11-27T06:30:00+05:30"]),
        FireCase("0 0 L * *", "Pacific/Kiritimati", after: "2026-11-27T00:00:00Z", ["2026-11-30T00:00:00+14:00"]),
    ]

    @Test("fire times follow the DST rules", arguments: cases)
    func fireTimesFollowDSTRules(_ row: FireCase) throws {
        #expect(try fireTimes(row.expression, zone: row.zone, after: row.after,
                              count: row.expected.count) == row.expected)
    }

    @Test func dailyJobFiresExactlyOncePerLocalDayAcrossAYearOfTransitions() throws {
        for zone in ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago",
                     "Pacific/Chatham"] {
            for expression in ["0 0 * * *", "30 1 * * *", "15 2 * * *", "45 2 * * *", "30 23 * * *"] {
                let times = try fireTimes(expression, zone: zone, after: "2026-01-01T00:00:00Z", count: 365)
                let days = times.map { String($0.prefix(10)) }
                #expect(Set(days).count == 365, "\(expression) in \(zone): one firing per local day")
                #expect(times.count == 365)
            }
        }
    }

    @Test func localTimeInAGapMeansTheFirstInstantAfterIt() throws {
        let zone = try! ZoneDatabase.system.zone(named: "America/New_York")
        let date = try #require(TimeText.parse("2026-03-08T02:30", in: zone))
        #expect(TimeText.format(date, in: zone) == "2026-03-08T03:00:00-04:00")
        let repeated = try #require(TimeText.parse("2026-11-01T01:30", in: zone))
        #expect(TimeText.format(repeated, in: zone) == "2026-11-01T01:30:00-04:00")
    }
}
