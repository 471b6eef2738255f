import CivilTime
import Formatting
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes the times of the command line and job files: RFC 3339 with a numeric offset, or a
/// local time (no offset) in a given zone.
public enum TimeText {
    /// `2026-03-08T03:00:00-04:00`: whole seconds with the zone's offset at that instant (`Z` never used,
    /// so a reader always sees the offset the zone had).
    public static func format(_ date: Date, in zone: Zone) -> String {
        let instant = Int(floor(date.timeIntervalSince1970))
        let offset = zone.offset(at: instant)
        let local = instant + offset
        let days = CivilTime.floorDiv(local, 86_400)
        let secondOfDay = local - days * 86_400
        let (y, m, d) = CivilTime.date(days: days)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        var text = "\(Format.padded(y, 4))-\(Format.padded(m, 2))-\(Format.padded(d, 2))T\(Format.padded(secondOfDay / 3600, 2)):"
            + "\(Format.padded((secondOfDay % 3600) / 60, 2)):\(Format.padded(secondOfDay % 60, 2))"
            + "\(sign)\(Format.padded(magnitude / 3600, 2)):\(Format.padded((magnitude % 3600) / 60, 2))"
        if magnitude % 60 != 0 { text += ":" + Format.padded(magnitude % 60, 2) }
        return text
    }

    /// The calendar date of an instant in a zone, `YYYY-MM-DD`.
    public static func localDate(_ date: Date, in zone: Zone) -> String {
        String(format(date, in: zone).prefix(10))
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z`, `±HH:MM`, or nothing (then local to `zone`,
    /// with the spring-forward and repeated-time rules of `ZoneTable.instant(forLocal:)`).
    /// A space may replace the `T`; a date alone means its midnight.
    public static func parse(_ text: String, in zone: Zone) -> Date? {
        guard let parts = TimestampText.parse(text) else { return nil }
        if parts.offset != nil { return Date(timeIntervalSince1970: parts.unixSeconds()) }
        let instant = zone.instant(forLocal: parts.localSeconds)
        return Date(timeIntervalSince1970: Double(instant) + parts.fraction)
    }
}

extension TimeText {
    /// Parses a calendar date `YYYY-MM-DD`, returning its parts when it exists.
    public static func parseDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        guard text.utf8.count == 10, let parts = TimestampText.parse(text), parts.offset == nil else { return nil }
        return CivilTime.date(days: parts.localSeconds / 86_400)
    }
}
