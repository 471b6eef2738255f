import CivilTime
import Foundation
import Testing
import ZoneInfo

/// The machine-readable instants: RFC 3339 with offsets, UTC with fractions, RFC 5322.
@Suite("Instant text")
struct InstantTextTests {
    static let instant = Date(timeIntervalSince1970: 1_795_756_747.123_456)  // 2026-11-27T05:19:07.123456Z

    @Test("RFC 3339 carries the zone's offset at that instant", arguments: [
        ("America/New_York", "2026-11-27T00:19:07-05:00"), ("Asia/Kolkata", "2026-11-27T10:49:07+05:30"),
        ("Asia/Kathmandu", "2026-11-27T11:04:07+05:45"), ("UTC", "2026-11-27T05:19:07+00:00"),
    ])
    func rfc3339CarriesTheOffset(zone: String, text: String) throws {
        #expect(InstantText.rfc3339(Self.instant, in: try ZoneDatabase.system.zone(named: zone)) == text)
    }

    @Test func anOffsetWithSecondsKeepsThem() throws {
        // Amsterdam's local mean time until 1892: +00:19:32.
        let amsterdam = try ZoneDatabase.system.zone(named: "Europe/Amsterdam")
        #expect(InstantText.rfc3339(Date(timeIntervalSince1970: -2_500_000_000), in: amsterdam)
                == "1890-10-11T19:52:52+00:19:32")
    }

    @Test func utcRoundsTheFractionAndCarriesIntoTheSeconds() {
        #expect(InstantText.utc(Self.instant, fractionDigits: 3) == "2026-11-27T05:19:07.123Z")
        #expect(InstantText.utc(Self.instant, fractionDigits: 6) == "2026-11-27T05:19:07.123456Z")
        #expect(InstantText.utc(Date(timeIntervalSince1970: 59.9996), fractionDigits: 3) == "1970-01-01T00:01:00.000Z")
        #expect(InstantText.utc(Date(timeIntervalSince1970: -0.5), fractionDigits: 3) == "1969-12-31T23:59:59.500Z")
    }

    @Test func rfc5322NamesTheWeekdayAndMonthInUTC() {
        #expect(InstantText.rfc5322(Self.instant) == "Fri, 27 Nov 2026 05:19:07 +0000")
        #expect(InstantText.rfc5322(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
    }
}
