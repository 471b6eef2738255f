import Cron
import Testing
import CivilTime
import Foundation
import ZoneInfo

/// Fire times as readable RFC 3339 strings, for table-driven tests.
func fireTimes(_ expression: String, zone: String = "UTC", after: String, count: Int) throws -> [String] {
    let timeZone = try! ZoneDatabase.system.zone(named: zone)
    let schedule = try CronSchedule(parsing: expression, timeZone: timeZone)
    guard let start = TimeText.parse(after, in: timeZone) else { fatalError("bad test time \(after)") }
    return schedule.fireTimes(after: start, count: count).map { TimeText.format($0, in: timeZone) }
}

/// One row of a fire-time table.
struct FireCase: CustomTestStringConvertible, Sendable {
    let expression: String
    let zone: String
    let after: String
    let expected: [String]

    init(_ expression: String, _ zone: String = "UTC", after: String, _ expected: [String]) {
        self.expression = expression
        self.zone = zone
        self.after = after
        self.expected = expected
    }

    var testDescription: String { "\(expression) in \(zone) after \(after)" }
}
