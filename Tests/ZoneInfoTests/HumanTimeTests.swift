import CivilTime
import Testing
import ZoneInfo

/// Times as people read them: local, with weekday, month and the zone's abbreviation from its TZif data.
@Suite("Human-readable times")
struct HumanTimeTests {
    static let newYork = try! ZoneDatabase.system.zone(named: "America/New_York")
    /// 2026-12-07T17:00:00Z, 12:00 in New York.
    static let noon = 1_796_662_800

    @Test func zonesKnowTheirAbbreviationsFromTheTZifDataAndTheFooterRule() throws {
        #expect(Self.newYork.abbreviation(at: Self.noon) == "EST")
        #expect(Self.newYork.abbreviation(at: Self.noon - 180 * 86_400) == "EDT", "June")
        let kolkata = try ZoneDatabase.system.zone(named: "Asia/Kolkata")
        #expect(kolkata.abbreviation(at: Self.noon) == "IST")
        #expect(Zone.utc.abbreviation(at: 0) == "UTC")
        let bare = Zone(identifier: "X", transitions: [], offsets: [-19_800])
        #expect(bare.abbreviation(at: 0) == "UTC−5:30", "without names the offset is spelled out")
    }

    @Test func aWindowWithinADayNamesTheDayOnceAndTheZoneAtTheEnd() {
        #expect(HumanTime.window(Self.noon, Self.noon + 35 * 60, in: Self.newYork) == "Mon 7 Dec 12:00–12:35 EST")
        #expect(HumanTime.dateTime(Self.noon + 5 * 60, in: Self.newYork) == "Mon 7 Dec 12:05 EST")
        let elevenPM = Self.noon + 11 * 3600
        #expect(HumanTime.window(elevenPM, elevenPM + 3600, in: Self.newYork) == "Mon 7 Dec 23:00–24:00 EST")
        #expect(HumanTime.window(elevenPM, elevenPM + 7200, in: Self.newYork)
            == "Mon 7 Dec 23:00 – Tue 8 Dec 01:00 EST")
        let midnight = Self.noon - 12 * 3600
        #expect(HumanTime.window(midnight, midnight + 86_400, in: Self.newYork) == "Mon 7 Dec (all day)")
    }

    @Test func aWindowAcrossADaylightChangeNamesBothAbbreviations() {
        // 2026-11-01 01:30 EDT (05:30Z) to 01:30 EST (06:30Z): the repeated hour.
        let start = 1_793_511_000
        #expect(HumanTime.window(start, start + 3600,
            in: Self.newYork) == "Sun 1 Nov 01:30 EDT – Sun 1 Nov 01:30 EST")
    }

    @Test func periodsEndOnTheirLastDayForPeople() {
        let first = CivilTime.days(year: 2026, month: 11, day: 30)
        #expect(HumanTime.period(firstDay: first, lastDay: first + 6) == "30 Nov – 6 Dec 2026")
        #expect(HumanTime.period(firstDay: first + 1, lastDay: first + 7) == "1 – 7 Dec 2026")
        #expect(HumanTime.period(firstDay: first + 28, lastDay: first + 34) == "28 Dec 2026 – 3 Jan 2027")
        #expect(HumanTime.period(firstDay: first, lastDay: first) == "30 Nov 2026")
        // [30 Nov 00:00, 7 Dec 00:00) New York: the end instant is exclusive.
        #expect(HumanTime.period(1_796_014_800, 1_796_619_600, in: Self.newYork) == "30 Nov – 6 Dec 2026")
    }
}
