import CivilTime
import Testing

/// TZif data built by hand: the table, the footer rule after it, and damaged files.
@Suite("TZif reading")
struct TZifTests {
    /// TZif bytes: an empty version 1 part, then a version 2 part with `transitions` (time, type index),
    /// `types` (UTC offsets) and `footer`.
    static func tzif(transitions: [(Int64, UInt8)], types: [Int32], footer: String, leapCount: UInt32 = 0) -> [UInt8] {
        func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
        func header(timeCount: UInt32, typeCount: UInt32, charCount: UInt32, leap: UInt32) -> [UInt8] {
            Array("TZif2".utf8) + [UInt8](repeating: 0,
                    count: 15) + be(UInt32(0)) + be(UInt32(0)) + be(leap) + be(timeCount) + be(typeCount)
                        + be(charCount)
        }
        var bytes = header(timeCount: 0, typeCount: 1, charCount: 4, leap: 0) + be(Int32(0)) + [0,
                0] + Array("UTC\0".utf8)
        bytes += header(timeCount: UInt32(transitions.count), typeCount: UInt32(types.count), charCount: 4,
                        leap: leapCount)
        for (time, _) in transitions { bytes += be(time) }
        bytes += transitions.map(\.1)
        for offset in types { bytes += be(offset) + [0, 0] }
        bytes += Array("ABC\0".utf8)
        bytes += [UInt8](repeating: 0, count: Int(leapCount) * 12)
        return bytes + [10] + Array(footer.utf8) + [10]
    }

    @Test func theTableIsReadAndTheFooterRuleContinuesIt() throws {
        let bytes = Self.tzif(transitions: [(0, 1), (15_000_000, 2)], types: [-17_762, -18_000, -14_400],
                              footer: "EST5EDT,M3.2.0,M11.1.0")
        let zone = try Zone.parse(tzif: bytes, identifier: "Test/Zone")
        #expect(zone.offset(at: -1) == -17_762)
        #expect(zone.offset(at: 0) == -18_000)
        #expect(zone.offset(at: 15_000_000) == -14_400)
        #expect(zone.offset(at: utc(2026, 3, 8, 6, 59, 59)) == -18_000)
        #expect(zone.offset(at: utc(2026, 3, 8, 7)) == -14_400)
        #expect(zone.offset(at: utc(2199, 7, 1, 0)) == -14_400)
        #expect(zone.transitions == zone.transitions.sorted())
    }

    @Test func aZoneWithoutDaylightTimeKeepsItsLastOffset() throws {
        let zone = try Zone.parse(tzif: Self.tzif(transitions: [(100, 1)], types: [3600, 7200], footer: "<+02>-2"),
                                  identifier: "Test/Fixed")
        #expect(zone.transitions == [100])
        #expect(zone.offset(at: 10_000_000_000) == 7200)
    }

    // Found by fuzzing: a listed transition after 2200 crashed the footer's expansion (a backwards range).
    @Test func aTableReachingPastTheFooterHorizonIsReadWithoutTheFooter() throws {
        let late = Int64(utc(2300, 1, 1, 0))
        let zone = try Zone.parse(tzif: Self.tzif(transitions: [(0, 1), (late, 0)], types: [-18_000, -14_400],
                                                  footer: "EST5EDT,M3.2.0,M11.1.0"), identifier: "Test/Late")
        #expect(zone.transitions == [0, Int(late)])
        #expect(zone.offset(at: utc(2026, 1, 1, 0)) == -14_400, "the table, not the footer, before its end")
    }

    @Test func aBigBangSentinelTransitionDoesNotExpandTheFooterOverBillionsOfYears() throws {
        let zone = try Zone.parse(tzif: Self.tzif(transitions: [(-(1 << 59), 0)], types: [-18_000],
                                                  footer: "EST5EDT,M3.2.0,M11.1.0"), identifier: "Test/Sentinel")
        #expect(zone.offset(at: utc(2026, 7, 1, 0)) == -14_400)
        #expect(zone.offset(at: utc(2026, 1, 1, 0)) == -18_000)
    }

    @Test func theSpringForwardGapMapsToTheFirstInstantAfterIt() throws {
        let zone = try Zone.parse(tzif: Self.tzif(transitions: [], types: [-18_000], footer: "EST5EDT,M3.2.0,M11.1.0"),
                                  identifier: "Test/NY")
        let gap = CivilTime.days(year: 2026, month: 3, day: 8) * 86_400 + 2 * 3600 + 30 * 60  // 02:30 does not exist
        #expect(zone.instant(forLocal: gap) == utc(2026, 3, 8, 7))
        let repeated = CivilTime.days(year: 2026, month: 11, day: 1) * 86_400 + 3600 + 30 * 60  // 01:30 happens twice
        #expect(zone.instant(forLocal: repeated) == utc(2026, 11, 1, 5, 30))
    }

    @Test(arguments: [
        ([UInt8]("TZjf".utf8), "not TZif data"),
        (Array(TZifTests.tzif(transitions: [(0, 1)], types: [0, 3600], footer: "").prefix(70)), "cut short"),
        (TZifTests.tzif(transitions: [(0, 1)], types: [0, 3600], footer: "", leapCount: 1), "leap-second data"),
        (TZifTests.tzif(transitions: [(0, 5)], types: [0, 3600], footer: ""), "local time type 5"),
        (TZifTests.tzif(transitions: [(10, 1), (5, 0)], types: [0, 3600], footer: ""), "not ascending"),
        (TZifTests.tzif(transitions: [], types: [0], footer: "EST5EDT,M3"), "footer 'EST5EDT,M3'"),
        // Found by fuzzing: an offset of days was accepted and local times became nonsense.
        (TZifTests.tzif(transitions: [(0, 1)], types: [0, 400_000], footer: ""), "offset 400000 s is beyond"),
        (TZifTests.tzif(transitions: [], types: [-90_000], footer: ""), "offset -90000 s is beyond"),
    ] as [([UInt8], String)])
    func damagedDataIsRefusedWithTheReason(bytes: [UInt8], reason: String) {
        do {
            _ = try Zone.parse(tzif: bytes, identifier: "Test/Bad")
            Issue.record("accepted damaged data")
        } catch {
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.hasPrefix("time zone 'Test/Bad'"))
        }
    }
}
