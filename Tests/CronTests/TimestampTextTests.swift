import CivilTime
import Testing

@Suite("Timestamp text")
struct TimestampTextTests {
    @Test("valid timestamps split into local seconds, fraction and offset", arguments: [
        ("2026-11-27", 1_795_737_600, 0.0, nil as Int?),
        ("2026-11-27T05:19", 1_795_756_740, 0.0, nil),
        ("2026-11-27 05:19:07.25+00", 1_795_756_747, 0.25, 0),
        ("2026-11-27T05:19:07Z", 1_795_756_747, 0.0, 0),
        ("2026-11-27t05:19:07-05:00", 1_795_756_747, 0.0, -18_000),
        ("2026-11-27T05:19:07+05:45", 1_795_756_747, 0.0, 20_700),
        ("1883-11-18 12:00:00-04:56:02", -2_717_668_800, 0.0, -17_762),
        ("2028-02-29T00:00:00Z", 1_835_395_200, 0.0, 0),
    ])
    func validTimestampsParse(text: String, local: Int, fraction: Double, offset: Int?) throws {
        let parts = try #require(TimestampText.parse(text))
        #expect(parts.localSeconds == local)
        #expect(parts.fraction == fraction)
        #expect(parts.offset == offset)
    }

    @Test("invalid timestamps are refused", arguments: [
        "", "2026-02-30", "2027-02-29", "2026-13-01", "2026-11-27T24:00", "2026-11-27T05:60", "2026-11-27T05:19:60",
        "2026-11-27T05", "2026-11-27T05:19:07.", "2026-11-27T05:19:07+5", "2026-11-27T05:19:07 UTC", "26-11-27",
        "２026-11-27",
    ])
    func invalidTimestampsAreRefused(text: String) {
        #expect(TimestampText.parse(text) == nil)
    }
}
