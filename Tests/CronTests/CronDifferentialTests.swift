import Cron
import CivilTime
import Foundation
import ZoneInfo
import JSON
import Testing
import TestSupport

/// Compares `CronSchedule` with an independent reference (`scripts/cron-reference.py`: brute-force
/// scanning of instants with Python's zoneinfo and the system tzdata) on random expressions, in seven
/// zones, starting around DST transitions.
@Suite("Cron differential against the reference")
struct CronDifferentialTests {
    @Test func randomExpressionsAgreeWithTheReference() throws {
        let seed = ProcessInfo.processInfo.environment["CRON_DIFF_SEED"] ?? "20261127"
        let cases = ProcessInfo.processInfo.environment["CRON_DIFF_CASES"] ?? "3000"
        let output = try Shell.capture("/usr/bin/env",
                                       ["python3", RunnerBinary.packageRoot + "/scripts/cron-reference.py",
                                                        "--cases", cases, "--seed", seed])
        try #require(output.status == 0, "reference failed: \(output.stderr)")
        let rows = try #require(try JSONParser.parse(output.stdout).arrayValue)
        #expect(rows.count == Int(cases))
        var mismatches: [String] = []
        var firings = 0
        for row in rows {
            let expression = try #require(row["expression"]?.stringValue)
            let zoneName = try #require(row["zone"]?.stringValue)
            let zone = try ZoneDatabase.system.zone(named: zoneName)
            let after = Date(timeIntervalSince1970: TimeInterval(try #require(row["after"]?.intValue)))
            let horizon = try #require(row["horizon"]?.intValue)
            let expected = try #require(row["times"]?.arrayValue).compactMap(\.intValue)
            let schedule = try CronSchedule(parsing: expression, timeZone: zone)
            let actual = schedule.fireTimes(after: after,
                                            count: 5).map { Int($0.timeIntervalSince1970) }.filter { $0 < horizon }
            firings += expected.count
            if actual != expected {
                let show = { (times: [Int]) in
                    times.map { TimeText.format(Date(timeIntervalSince1970: TimeInterval($0)), in: zone) }
                }
                mismatches.append("\(expression) in \(zone.identifier) after \(TimeText.format(after, in: zone)): "
                    + "expected \(show(expected)), got \(show(actual))")
            }
        }
        #expect(mismatches.isEmpty, Comment(rawValue: "\(mismatches.count) of \(rows.count) differ (seed "
            + "\(seed)):\n\(mismatches.prefix(10).joined(separator: "\n"))"))
        #expect(firings > rows.count * 4, "the cases must exercise real firings")
    }
}
