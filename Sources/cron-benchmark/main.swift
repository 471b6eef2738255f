// Measures next-fire computations per second for typical expressions (issue 3's benchmark).
// Run through scripts/bench-cron, which builds in release mode and runs croniter alongside.
import CivilTime
import Cron
import Foundation
import ZoneInfo

let expressions = ["*/5 * * * *", "30 6 * * 1-5", "0 9 * * 1#1", "0 0 L * *"]
let zone = try ZoneDatabase.system.zone(named: CommandLine.arguments.dropFirst().first ?? "America/New_York")
let iterations = Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 2_000_000
// Start times spread over 2026-2027 every 4h07m, so calls cross DST transitions and month ends.
let starts = (0..<4096).map { Date(timeIntervalSince1970: 1_767_225_600 + Double($0) * 14_820) }

for expression in expressions {
    let schedule = try CronSchedule(parsing: expression, timeZone: zone)
    _ = schedule.next(after: starts[0])  // builds the zone table once, outside the timing
    var cursor = starts[0]
    var checksum = 0.0
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for i in 0..<iterations {
            cursor = schedule.next(after: starts[i & 4095]) ?? starts[0]
            checksum += cursor.timeIntervalSince1970
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(iterations) / seconds
    print(String(format: "swift    %-14@ %12.0f next/s  (last %@, checksum %.0f)", expression as NSString, rate,
                 TimeText.format(cursor, in: zone), checksum.truncatingRemainder(dividingBy: 1e6)))
}
