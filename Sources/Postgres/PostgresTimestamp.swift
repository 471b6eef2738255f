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
    static func format(_ date: Date) -> String {
        let total = date.timeIntervalSince1970
        let whole = floor(total)
        var micros = Int(((total - whole) * 1_000_000).rounded())
        var secondsOfEpoch = Int(whole)
        if micros == 1_000_000 { micros = 0; secondsOfEpoch += 1 }
        let days = Int(floor(Double(secondsOfEpoch) / 86_400))
        let secondsOfDay = secondsOfEpoch - days * 86_400
        let (y, m, d) = CivilTime.date(days: days)
        return "\(Format.padded(y, 4))-\(Format.padded(m, 2))-\(Format.padded(d, 2))T\(Format.padded(secondsOfDay / 3600, 2)):"
            + "\(Format.padded((secondsOfDay % 3600) / 60, 2)):\(Format.padded(secondsOfDay % 60, 2)).\(Format.padded(micros, 6))Z"
    }

}
