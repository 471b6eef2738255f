import CivilTime
import Formatting
import FoundationEssentials

/// A calendar day of a zone as an interval of instants `[start, end)`: 24 hours, or 23 or 25 on DST days.
public struct LocalDay: Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public let date: String
    /// The first instant of the day (its local midnight, or the first instant after a gap there).
    public let start: Date
    /// The first instant of the next day.
    public let end: Date
    /// The zone the day belongs to.
    public let zone: Zone

    /// The local day that holds `time`.
    public static func containing(_ time: Date, in zone: Zone) -> LocalDay {
        day(TimeText.localDate(time, in: zone), in: zone)
    }

    /// The day `date` (`YYYY-MM-DD`) of `zone`.
    public static func day(_ date: String, in zone: Zone) -> LocalDay {
        let (year, month, day) = TimeText.parseDate(date)!
        let nextDate = CivilTime.date(days: CivilTime.days(year: year, month: month, day: day) + 1)
        let next = "\(Format.padded(nextDate.year, 4))-\(Format.padded(nextDate.month, 2))-"
            + Format.padded(nextDate.day, 2)
        return LocalDay(date: date, start: TimeText.parse(date, in: zone)!, end: TimeText.parse(next, in: zone)!,
                        zone: zone)
    }

    /// The day before.
    public var previous: LocalDay { Self.containing(start.addingTimeInterval(-1), in: zone) }

    /// The day after.
    public var next: LocalDay { Self.containing(end, in: zone) }
}
