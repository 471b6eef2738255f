import Config
import CivilTime
import Cron
import FoundationEssentials
import ZoneInfo

/// `cron next`: prints the next fire times of an expression, one RFC 3339 time per line.
enum CronNextCommand {
    static let spec = CommandSpec(
        path: ["cron", "next"], summary: "print the next N fire times of a cron expression",
        usage: "cron next EXPR [--tz ZONE] [--after TIME] [--count N]",
        details: """
            EXPR is a cron expression (5 fields, or 6 with a leading second) or a macro such as @daily; quote it.
            Times are printed with the zone's offset, strictly after TIME (default: now), within 5 years.
            TIME is RFC 3339; without an offset it is local to ZONE (default UTC).
            """,
        options: [
            OptionSpec(name: "tz", valueName: "ZONE", summary: "IANA time zone of the schedule (default UTC)"),
            OptionSpec(name: "after", valueName: "TIME", summary: "start after this time (default now)"),
            OptionSpec(name: "count", valueName: "N", summary: "how many fire times (default 5)"),
        ],
        positionals: 1...6, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        let zoneName = arguments.options["tz"] ?? "UTC"
        let zone: Zone
        do {
            zone = try ZoneDatabase.system.zone(named: zoneName)
        } catch {
            context.complain("error: --tz: \(error)")
            return .usage
        }
        var after = Date()
        if let text = arguments.options["after"] {
            guard let parsed = TimeText.parse(text, in: zone) else {
                context.complain("error: --after: \"\(text)\" is not a time like 2026-03-08T01:30:00-05:00 or "
                    + "2026-03-08T01:30")
                return .usage
            }
            after = parsed
        }
        var count = 5
        if let text = arguments.options["count"] {
            guard let parsed = Int(text), parsed >= 1, parsed <= 1_000_000 else {
                context.complain("error: --count: \"\(text)\" is not a number 1-1000000")
                return .usage
            }
            count = parsed
        }
        let expression = arguments.positionals.joined(separator: " ")
        let schedule: CronSchedule
        do {
            schedule = try CronSchedule(parsing: expression, timeZone: zone)
        } catch {
            context.complain("error: \(error)")
            return .usage
        }
        let times = schedule.fireTimes(after: after, count: count)
        var output = ""
        output.reserveCapacity(times.count * 26)
        for time in times { output += TimeText.format(time, in: zone) + "\n" }
        context.write(output)
        if times.count < count {
            context.logger.info("fewer fire times than requested within the 5-year search bound",
                                ["requested": "\(count)", "found": "\(times.count)"])
        }
        return .success
    }
}
