import CivilTime
import Foundation
import JSON
import Testing
import TestSupport
import ZoneInfo

/// The runner's TZif reader against Python's zoneinfo on the same system tzdata (`scripts/zone-reference.py`).
@Suite("Zone database")
struct ZoneDatabaseTests {
    @Test func everyZoneAgreesWithPythonZoneinfo() throws {
        let output = try Shell.capture("/usr/bin/env",
                                       ["python3", RunnerBinary.packageRoot + "/scripts/zone-reference.py"])
        try #require(output.status == 0, "reference failed: \(output.stderr)")
        let rows = try #require(try JSONParser.parse(output.stdout).arrayValue)
        #expect(rows.count > 300, "the system tzdata should hold hundreds of zones")
        var mismatches: [String] = []
        var checked = 0
        for row in rows {
            let name = try #require(row["zone"]?.stringValue)
            let zone = try ZoneDatabase.system.zone(named: name)
            let instants = try #require(row["instants"]?.arrayValue).compactMap(\.intValue)
            let offsets = try #require(row["offsets"]?.arrayValue).compactMap(\.intValue)
            for (instant, expected) in zip(instants, offsets) {
                checked += 1
                let actual = zone.offset(at: instant)
                if actual != expected { mismatches.append("\(name) at \(instant): expected \(expected), got "
                    + "\(actual)") }
            }
        }
        #expect(checked > 50_000)
        #expect(mismatches.isEmpty, Comment(rawValue: "\(mismatches.count) of \(checked) "
            + "differ:\n\(mismatches.prefix(10).joined(separator: "\n"))"))
    }

    @Test func rulesCarryZonesPastTheirListedTransitions() throws {
        let newYork = try ZoneDatabase.system.zone(named: "America/New_York")
        // 2150 is beyond any TZif table: the footer rule (second Sunday of March, first of November) applies.
        let march2150 = utc(2150, 3, 8, 6, 59, 59)
        #expect(newYork.offset(at: march2150) == -5 * 3600)
        #expect(newYork.offset(at: march2150 + 1) == -4 * 3600)
        #expect(newYork.offset(at: utc(2150, 11, 1, 5, 59, 59)) == -4 * 3600)
        #expect(newYork.offset(at: utc(2150, 11, 1, 6)) == -5 * 3600)
    }

    @Test(arguments: [
        ("EST", "not an IANA zone name"), ("Japan", "not an IANA zone name"), ("GMT+5", "not an IANA zone name"),
        ("America/../../etc/passwd", "not an IANA zone name"), ("../etc/passwd", "not an IANA zone name"),
        ("right/America/New_York", "not an IANA zone name"), ("posix/Europe/Berlin", "not an IANA zone name"),
        ("America/New York", "not an IANA zone name"), ("", "not an IANA zone name"), ("America/",
                "not an IANA zone name"),
        ("Mars/Olympus", "not an IANA zone name"), ("Europe/Atlantis", "no such zone in"),
    ])
    func badNamesAreRefusedWithTheReason(name: String, reason: String) {
        #expect(throws: ZoneError.self) { try ZoneDatabase.system.zone(named: name) }
        do {
            _ = try ZoneDatabase.system.zone(named: name)
        } catch {
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.contains("'\(name)'"))
        }
    }

    @Test(arguments: ["UTC", "Etc/UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Australia/Lord_Howe"])
    func canonicalNamesAreAccepted(name: String) throws {
        #expect(try ZoneDatabase.system.zone(named: name).identifier == name)
    }

    @Test func aMissingDirectorySaysWhereItLooked() {
        let database = ZoneDatabase(directory: "/nonexistent/zoneinfo")
        #expect(throws: ZoneError(zone: "Europe/Berlin",
                                  reason: "no such zone in /nonexistent/zoneinfo (is the tzdata package installed?)")) {
            try database.zone(named: "Europe/Berlin")
        }
        #expect(throws: Never.self) { try database.zone(named: "UTC") }
    }
}
