import Cron
import Testing

/// Every syntax element of PRODUCT.md section 5, in UTC. 2026-11-27 is a Friday.
@Suite("Cron syntax")
struct CronSyntaxTests {
    static let cases: [FireCase] = [
        FireCase("*/15 * * * *", after: "2026-11-27T10:07:00Z",
                 ["2026-11-27T10:15:00+00:00", "2026-11-27T10:30:00+00:00", "2026-11-27T10:45:00+00:00"]),
        FireCase("10-50/20 * * * *", after: "2026-11-27T10:07:00Z",
                 ["2026-11-27T10:10:00+00:00", "2026-11-27T10:30:00+00:00", "2026-11-27T10:50:00+00:00"]),
        FireCase("30/10 * * * *", after: "2026-11-27T10:07:00Z",
                ["2026-11-27T10:30:00+00:00", "2026-11-27T10:40:00+00:00", "2026-11-27T10:50:00+00:00",
                 "2026-11-27T11:30:00+00:00"]),
        FireCase("5-5 * * * *", after: "2026-11-27T10:07:00Z",
                 ["2026-11-27T11:05:00+00:00", "2026-11-27T12:05:00+00:00"]),
        FireCase("0,30 9 * * *", after: "2026-11-27T09:00:00Z",
                 ["2026-11-27T09:30:00+00:00", "2026-11-28T09:00:00+00:00"]),
        FireCase("0 9 * JAN,jul mon-FRI", after: "2026-11-27T10:07:00Z",
                 ["2027-01-01T09:00:00+00:00", "2027-01-04T09:00:00+00:00"]),
        FireCase("0 12 * * 7", after: "2026-11-27T10:07:00Z",
                 ["2026-11-29T12:00:00+00:00", "2026-12-06T12:00:00+00:00"]),
        FireCase("0 12 * * 0", after: "2026-11-27T10:07:00Z", ["2026-11-29T12:00:00+00:00"]),
        FireCase("0 12 ? * SUN", after: "2026-11-27T10:07:00Z", ["2026-11-29T12:00:00+00:00"]),
        FireCase("0 12 * * 5-7", after: "2026-11-27T10:07:00Z",
                ["2026-11-27T12:00:00+00:00", "2026-11-28T12:00:00+00:00", "2026-11-29T12:00:00+00:00",
                 "2026-12-04T12:00:00+00:00"]),
        FireCase("0 0 L * *", after: "2026-11-27T10:07:00Z",
                ["2026-11-30T00:00:00+00:00", "2026-12-31T00:00:00+00:00", "2027-01-31T00:00:00+00:00",
                 "2027-02-28T00:00:00+00:00"]),
        FireCase("0 0 L 2 *", after: "2026-11-27T10:07:00Z",
                 ["2027-02-28T00:00:00+00:00", "2028-02-29T00:00:00+00:00", "2029-02-28T00:00:00+00:00"]),
        FireCase("0 0 15,L * *", after: "2026-11-27T10:07:00Z",
                 ["2026-11-30T00:00:00+00:00", "2026-12-15T00:00:00+00:00", "2026-12-31T00:00:00+00:00"]),
        FireCase("0 0 29 2 *", after: "2026-11-27T10:07:00Z", ["2028-02-29T00:00:00+00:00"]),
        FireCase("0 0 29 2 *", after: "2028-03-01T00:00:00Z", ["2032-02-29T00:00:00+00:00"]),
        FireCase("0 0 31 * *", after: "2026-11-27T10:07:00Z",
                ["2026-12-31T00:00:00+00:00", "2027-01-31T00:00:00+00:00", "2027-03-31T00:00:00+00:00",
                 "2027-05-31T00:00:00+00:00"]),
        FireCase("0 9 * * 1#1", after: "2026-11-27T10:07:00Z",
                 ["2026-12-07T09:00:00+00:00", "2027-01-04T09:00:00+00:00", "2027-02-01T09:00:00+00:00"]),
        FireCase("0 9 * * MON#1", after: "2026-11-27T10:07:00Z", ["2026-12-07T09:00:00+00:00"]),
        FireCase("0 9 * * 5#5", after: "2026-11-27T10:07:00Z",
                 ["2027-01-29T09:00:00+00:00", "2027-04-30T09:00:00+00:00"]),
        FireCase("0 9 * * 7#1,SAT#2", after: "2026-11-27T10:07:00Z",
                 ["2026-12-06T09:00:00+00:00", "2026-12-12T09:00:00+00:00"]),
        // Both day fields restricted: either matches (13th or a Friday).
        FireCase("0 0 13 * FRI", after: "2026-11-27T10:07:00Z",
                ["2026-12-04T00:00:00+00:00", "2026-12-11T00:00:00+00:00", "2026-12-13T00:00:00+00:00",
                 "2026-12-18T00:00:00+00:00"]),
        // `*/N` in a day field counts as restricted.
        FireCase("0 0 */10 * MON", after: "2026-11-27T10:07:00Z",
                ["2026-11-30T00:00:00+00:00", "2026-12-01T00:00:00+00:00", "2026-12-07T00:00:00+00:00",
                 "2026-12-11T00:00:00+00:00"]),
        FireCase("0 0 */10 * *", after: "2026-11-27T10:07:00Z",
                ["2026-12-01T00:00:00+00:00", "2026-12-11T00:00:00+00:00", "2026-12-21T00:00:00+00:00",
                 "2026-12-31T00:00:00+00:00"]),
        // Only day-of-week restricted: both must match, and `*` matches every day.
        FireCase("0 0 * 12 MON", after: "2026-11-27T10:07:00Z",
                 ["2026-12-07T00:00:00+00:00", "2026-12-14T00:00:00+00:00"]),
        FireCase("@yearly", after: "2026-11-27T10:07:00Z", ["2027-01-01T00:00:00+00:00"]),
        FireCase("@annually", after: "2026-11-27T10:07:00Z", ["2027-01-01T00:00:00+00:00"]),
        FireCase("@monthly", after: "2026-11-27T10:07:00Z", ["2026-12-01T00:00:00+00:00"]),
        FireCase("@weekly", after: "2026-11-27T10:07:00Z", ["2026-11-29T00:00:00+00:00"]),
        FireCase("@daily", after: "2026-11-27T10:07:00Z", ["2026-11-28T00:00:00+00:00"]),
        FireCase("@midnight", after: "2026-11-27T10:07:00Z", ["2026-11-28T00:00:00+00:00"]),
        FireCase("@HOURLY", after: "2026-11-27T10:07:00Z", ["2026-11-27T11:00:00+00:00"]),
        FireCase("*/20 * * * * *", after: "2026-11-27T10:07:00Z",
                 ["2026-11-27T10:07:20+00:00", "2026-11-27T10:07:40+00:00", "2026-11-27T10:08:00+00:00"]),
        FireCase("30 0 12 * * *", after: "2026-11-27T10:07:00Z",
                 ["2026-11-27T12:00:30+00:00", "2026-11-28T12:00:30+00:00"]),
        FireCase("59 59 23 31 12 *", after: "2026-11-27T10:07:00Z", ["2026-12-31T23:59:59+00:00"]),
        // Strictly after: a fire time equal to `after` is not repeated.
        FireCase("0 10 * * *", after: "2026-11-27T10:00:00Z", ["2026-11-28T10:00:00+00:00"]),
        FireCase("0 10 * * *", after: "2026-11-27T09:59:59.5Z", ["2026-11-27T10:00:00+00:00"]),
        FireCase("  0   10  *  *  *  ", after: "2026-11-27T09:00:00Z", ["2026-11-27T10:00:00+00:00"]),
    ]

    @Test("fire times match the table", arguments: cases)
    func fireTimesMatch(_ row: FireCase) throws {
        #expect(try fireTimes(row.expression, zone: row.zone, after: row.after,
                              count: row.expected.count) == row.expected)
    }

    @Test func macroKeepsItsNameAsSource() throws {
        #expect(try CronParser.parse("@daily").source == "@daily")
    }

    @Test func intervalLikeMeansEveryHourInTheHourField() throws {
        for expression in ["* * * * *", "0 */1 * * *", "0 0-23 * * *", "*/5 * * * * *"] {
            #expect(try CronParser.parse(expression).isIntervalLike, "\(expression)")
        }
        for expression in ["0 9 * * *", "0 */2 * * *", "0 1-23 * * *", "@daily"] {
            #expect(try !CronParser.parse(expression).isIntervalLike, "\(expression)")
        }
    }

    @Test func searchStopsAtFiveYears() throws {
        // Either day field may match: any Monday in February.
        #expect(try fireTimes("0 0 29 2 MON", after: "2026-11-27T00:00:00Z", count: 1) == ["2027-02-01T00:00:00+00:00"])
        // A fifth Monday in February needs Feb 29 on a Monday: 2044 is the next, beyond five years from 2026.
        #expect(try fireTimes("0 0 * 2 MON#5", after: "2026-11-27T00:00:00Z", count: 1) == [])
        #expect(try fireTimes("0 0 * 2 MON#5", after: "2043-01-01T00:00:00Z",
                              count: 1) == ["2044-02-29T00:00:00+00:00"])
    }
}
