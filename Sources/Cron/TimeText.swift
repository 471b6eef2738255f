import Foundation

/// Reads and writes the times of the command line and job files: RFC 3339 with a numeric offset, or a
/// local time (no offset) in a given zone.
public enum TimeText {
    /// `2026-03-08T03:00:00-04:00`: whole seconds with the zone's offset at that instant (`Z` never used,
    /// so a reader always sees the offset the zone had).
    public static func format(_ date: Date, in zone: TimeZone) -> String {
        let instant = Int(floor(date.timeIntervalSince1970))
        let offset = ZoneTable.table(for: zone).offset(at: instant)
        let local = instant + offset
        let days = CivilTime.floorDiv(local, 86_400)
        let secondOfDay = local - days * 86_400
        let (y, m, d) = CivilTime.date(days: days)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", y, m, d, secondOfDay / 3600,
                          (secondOfDay % 3600) / 60, secondOfDay % 60, sign, magnitude / 3600, (magnitude % 3600) / 60)
        if magnitude % 60 != 0 { text += String(format: ":%02d", magnitude % 60) }
        return text
    }

    /// The calendar date of an instant in a zone, `YYYY-MM-DD`.
    public static func localDate(_ date: Date, in zone: TimeZone) -> String {
        String(format(date, in: zone).prefix(10))
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z`, `±HH:MM`, or nothing (then local to `zone`,
    /// with the spring-forward and repeated-time rules of `ZoneTable.instant(forLocal:)`).
    /// A space may replace the `T`; a date alone means its midnight.
    public static func parse(_ text: String, in zone: TimeZone) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= b.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
                i += 1
            }
            return value
        }
        func accept(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = number(4), accept("-"), let month = number(2), accept("-"), let day = number(2),
              (1...12).contains(month), (1...CivilTime.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        var local = CivilTime.days(year: year, month: month, day: day) * 86_400
        var fraction = 0.0
        if i < b.count {
            guard accept("T") || accept("t") || accept(" "), let hour = number(2), accept(":"), let minute = number(2),
                  hour < 24, minute < 60 else { return nil }
            local += hour * 3600 + minute * 60
            if accept(":") {
                guard let second = number(2), second < 60 else { return nil }
                local += second
                if accept(".") {
                    var scale = 0.1
                    let start = i
                    while i < b.count, (48...57).contains(b[i]) { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                    guard i > start else { return nil }
                }
            }
        }
        let instant: Int
        if i == b.count {
            instant = ZoneTable.table(for: zone).instant(forLocal: local)
        } else if accept("Z") || accept("z") {
            instant = local
        } else {
            let sign: Int
            if accept("+") { sign = 1 } else if accept("-") { sign = -1 } else { return nil }
            guard let oh = number(2), accept(":"), let om = number(2), oh < 24, om < 60 else { return nil }
            instant = local - sign * (oh * 3600 + om * 60)
        }
        guard i == b.count else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(instant) + fraction)
    }
}

extension TimeText {
    /// Parses a calendar date `YYYY-MM-DD`, returning its parts when it exists.
    public static func parseDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...CivilTime.daysInMonth(year: y, month: m)).contains(d) else { return nil }
        return (y, m, d)
    }
}
