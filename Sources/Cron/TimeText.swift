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
    public static func format(_ date: Date, in zone: Zone) -> String { InstantText.rfc3339(date, in: zone) }

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
