import CivilTime
import Formatting
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Converts between `Date` and PostgreSQL's ISO timestamp text.
///
/// Connections run with `TimeZone=UTC` and `DateStyle=ISO`, so `timestamptz` arrives as
/// `2026-11-27 05:19:07.123456+00`; `timestamp` (no zone) arrives without the offset and is read as UTC.
enum PostgresTimestamp {
    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]]`; no offset (type `timestamp`) means UTC.
    static func parse(_ text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        return TimestampText.parse(text).map { Date(timeIntervalSince1970: $0.unixSeconds()) }
    }

    /// Formats a date as `2026-11-27T05:19:07.123456Z`, which PostgreSQL reads exactly.
    static func format(_ date: Date) -> String { InstantText.utc(date, fractionDigits: 6) }
}
