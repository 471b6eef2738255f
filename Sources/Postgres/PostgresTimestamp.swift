import Foundation

/// Converts between `Date` and PostgreSQL's ISO timestamp text.
///
/// Connections run with `TimeZone=UTC` and `DateStyle=ISO`, so `timestamptz` arrives as
/// `2026-11-27 05:19:07.123456+00`; `timestamp` (no zone) arrives without the offset and is read as UTC.
enum PostgresTimestamp {
    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]]`.
    static func parse(_ text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= b.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                value = value * 10 + d
                i += 1
            }
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if i < b.count {
            guard expect(32) || expect(84), let hour = number(2), expect(58), let minute = number(2), expect(58),
                  let second = number(2) else { return nil }
            seconds += Double(hour * 3600 + minute * 60 + second)
            if expect(46) {
                var fraction = 0.0
                var scale = 0.1
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    fraction += Double(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
                seconds += fraction
            }
            if i < b.count {
                let sign: Double
                if expect(43) { sign = 1 } else if expect(45) { sign = -1 } else { return nil }
                guard let oh = number(2) else { return nil }
                var offset = oh * 3600
                if expect(58) { guard let om = number(2) else { return nil }; offset += om * 60 }
                if expect(58) { guard let os = number(2) else { return nil }; offset += os }
                seconds -= sign * Double(offset)
            }
        }
        guard i == b.count else { return nil }
        return Date(timeIntervalSince1970: seconds)
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
        let (y, m, d) = civilFromDays(days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", y, m, d, secondsOfDay / 3600,
                      (secondsOfDay % 3600) / 60, secondsOfDay % 60, micros)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
