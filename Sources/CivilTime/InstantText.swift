import Formatting
import FoundationEssentials

/// Every machine-readable way the runner writes an instant, in one place: RFC 3339 with a zone's offset
/// (command line, listings, JSON), RFC 3339 in UTC with a fraction (logs, PostgreSQL parameters) and
/// RFC 5322 (the mail `Date` header). People's times are `HumanTime`.
public enum InstantText {
    /// `2026-03-08T03:00:00-04:00`: whole seconds with the zone's offset at that instant (never `Z`, so a
    /// reader always sees the offset the zone had); an offset with seconds (old local mean times) keeps them.
    public static func rfc3339(_ date: Date, in zone: Zone) -> String {
        let instant = wholeSeconds(date)
        let offset = zone.offset(at: instant)
        let (day, time) = clock(instant + offset)
        let magnitude = abs(offset)
        var text = "\(day)T\(time)\(offset < 0 ? "-" : "+")\(Format.padded(magnitude / 3600, 2)):"
            + Format.padded((magnitude % 3600) / 60, 2)
        if magnitude % 60 != 0 { text += ":" + Format.padded(magnitude % 60, 2) }
        return text
    }

    /// `2026-11-27T05:19:07.123Z` (3 digits, logs) or `…07.123456Z` (6, PostgreSQL): UTC with the fraction
    /// rounded to `fractionDigits` (1 to 9), carrying into the seconds.
    public static func utc(_ date: Date, fractionDigits: Int) -> String {
        let digits = min(max(fractionDigits, 1), 9)
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        var seconds = wholeSeconds(date)
        var fraction = Int(((date.timeIntervalSince1970 - Double(seconds)) * Double(scale)).rounded())
        if fraction >= scale {
            fraction -= scale
            seconds += 1
        }
        let (day, time) = clock(seconds)
        return "\(day)T\(time).\(Format.padded(fraction, digits))Z"
    }

    /// `Fri, 27 Nov 2026 05:19:07 +0000` (RFC 5322 section 3.3), always in UTC.
    public static func rfc5322(_ date: Date) -> String {
        let seconds = wholeSeconds(date)
        let days = CivilTime.floorDiv(seconds, 86_400)
        let (year, month, day) = CivilTime.date(days: days)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[CivilTime.weekday(days: days)]), \(Format.padded(day, 2)) \(months[month - 1]) "
            + "\(Format.padded(year, 4)) \(clock(seconds).time) +0000"
    }

    private static func wholeSeconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970.rounded(.down)) }

    /// `YYYY-MM-DD` and `HH:MM:SS` of local seconds since the epoch.
    private static func clock(_ local: Int) -> (day: String, time: String) {
        let days = CivilTime.floorDiv(local, 86_400)
        let second = local - days * 86_400
        let (y, m, d) = CivilTime.date(days: days)
        let time = "\(Format.padded(second / 3600, 2)):\(Format.padded((second % 3600) / 60, 2)):"
            + Format.padded(second % 60, 2)
        return ("\(Format.padded(y, 4))-\(Format.padded(m, 2))-\(Format.padded(d, 2))", time)
    }
}
