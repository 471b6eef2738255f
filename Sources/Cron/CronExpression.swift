import CivilTime
/// A parsed cron expression: one bit set per field, plus the flags the day rule and DST rule need.
///
/// Pure data; `CronParser` builds it and `CronSchedule` computes fire times from it.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression as written.
    public let source: String
    /// Bits 0-59.
    var seconds: UInt64
    /// Bits 0-59.
    var minutes: UInt64
    /// Bits 0-23.
    var hours: UInt64
    /// Bits 1-31.
    var daysOfMonth: UInt64
    /// `L` in the day-of-month field: the last day of the month.
    var lastDayOfMonth: Bool
    /// Bits 1-12.
    var months: UInt64
    /// Bits 0-6, Sunday = 0.
    var daysOfWeek: UInt64
    /// `D#N` entries: bit `D * 8 + N` for the N-th (1-5) weekday D of the month.
    var nthWeekdays: UInt64
    /// The day-of-month field was `*` or `?`.
    var dayOfMonthUnrestricted: Bool
    /// The day-of-week field was `*` or `?`.
    var dayOfWeekUnrestricted: Bool

    /// A job whose hour field covers every hour fires at every matching instant (twice in a repeated
    /// hour, never in a skipped one); any other job keeps to the wall clock (see PRODUCT.md section 5).
    public var isIntervalLike: Bool { hours & 0xFF_FFFF == 0xFF_FFFF }

    /// The expression as written.
    public var description: String { source }

    /// Whether a calendar day matches the day-of-month, month and day-of-week fields.
    ///
    /// - Parameter weekday: 0 = Sunday.
    func matchesDay(year: Int, month: Int, day: Int, weekday: Int) -> Bool {
        guard months & (1 << UInt64(month)) != 0 else { return false }
        let domMatch = daysOfMonth & (1 << UInt64(day)) != 0
            || (lastDayOfMonth && day == CivilTime.daysInMonth(year: year, month: month))
        let dowMatch = daysOfWeek & (1 << UInt64(weekday)) != 0
            || nthWeekdays & (1 << UInt64(weekday * 8 + (day - 1) / 7 + 1)) != 0
        if dayOfMonthUnrestricted || dayOfWeekUnrestricted {
            return domMatch && dowMatch
        }
        return domMatch || dowMatch
    }

    /// Whether some calendar day can ever match (ignoring years): `0 0 30 2 *` cannot.
    var canMatchSomeDay: Bool {
        if !dayOfMonthUnrestricted && !dayOfWeekUnrestricted { return true }  // either field suffices
        if !dayOfWeekUnrestricted && dayOfMonthUnrestricted { return true }   // every weekday occurs in every month
        if lastDayOfMonth && months != 0 { return true }
        for month in 1...12 where months & (1 << UInt64(month)) != 0 {
            let longest = month == 2 ? 29 : CivilTime.daysInMonth(year: 2001, month: month)
            if daysOfMonth & ((1 << UInt64(longest + 1)) - 2) != 0 { return true }
        }
        return false
    }
}
