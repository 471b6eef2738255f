import CivilTime
import Testing

/// The POSIX TZ rules that end TZif files, parsed and expanded without any zone files.
@Suite("POSIX zone rules")
struct PosixZoneRuleTests {
    @Test func newYorkChangesOnTheSecondSundayOfMarchAndTheFirstOfNovember() throws {
        let rule = try #require(PosixZoneRule.parse("EST5EDT,M3.2.0,M11.1.0"))
        #expect(rule.standardOffset == -18_000)
        #expect(rule.daylight?.offset == -14_400)
        let changes = rule.changes(in: 2026)
        #expect(changes.map(\.instant) == [utc(2026, 3, 8, 7), utc(2026, 11, 1, 6)])
        #expect(changes.map(\.offset) == [-14_400, -18_000])
    }

    @Test func southernZonesEndDaylightTimeBeforeStartingIt() throws {
        // Santiago: daylight time from the first Saturday of September at 24:00 to the first Saturday of April.
        let rule = try #require(PosixZoneRule.parse("<-04>4<-03>,M9.1.6/24,M4.1.6/24"))
        let changes = rule.changes(in: 2026)
        #expect(changes.map(\.offset) == [-14_400, -10_800])
        #expect(changes.map(\.instant) == [utc(2026, 4, 5, 3), utc(2026, 9, 6, 4)])
    }

    @Test(arguments: [
        ("<+0530>-5:30", 19_800, nil), ("UTC0", 0, nil), ("<-03>3", -10_800, nil),
        ("NZST-12NZDT,M9.5.0,M4.1.0/3", 43_200, 46_800), ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 37_800, 39_600),
        ("IST-1GMT0,M10.5.0,M3.5.0/1", 3600, 0), ("EST5EDT", -18_000, -14_400), ("AAA3BBB,J60/2,300/-1:30", -10_800,
                -7200),
        // Found by fuzzing: daylight time at the standard offset crashed (two names for one offset).
        ("UTC0DST0,M3.2.0,M11.1.0", 0, nil),
    ] as [(String, Int, Int?)])
    func offsetsAreReadEastPositive(text: String, standard: Int, daylight: Int?) throws {
        let rule = try #require(PosixZoneRule.parse(text))
        #expect(rule.standardOffset == standard)
        #expect(rule.daylight?.offset == daylight)
    }

    @Test func julianDaysNeverCountFebruary29() throws {
        let rule = try #require(PosixZoneRule.parse("AAA3BBB,J60/2,300/-1:30"))
        // J60 is March 1 in every year; zero-based 300 is October 27 in a leap year.
        #expect(rule.changes(in: 2028).map(\.instant) == [utc(2028, 3, 1, 5), utc(2028, 10, 27, 0) - 5400 + 7200])
    }

    @Test(arguments: ["", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0", "EST5EDT,M3.6.0,M11.1.0",
                      "EST25", "EST5EDT,J0,J365", "<AB>5", "EST5EDT,M3.2.0,M11.1.0x", "EST5EDT,M3.2.0/168,M11.1.0"])
    func malformedRulesAreRefused(text: String) {
        #expect(PosixZoneRule.parse(text) == nil)
    }
}

/// Unix seconds of a UTC calendar time.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Int {
    CivilTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
}
