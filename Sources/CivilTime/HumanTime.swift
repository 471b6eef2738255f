/// Dates and times as people read them in reports and mail (PRODUCT.md section 7, "Human words"): local to a
/// zone, weekday and month names, the zone's abbreviation, and periods with an inclusive last day
/// (`30 Nov – 6 Dec 2026`). Machine formats (RFC 3339, RFC 5322) live beside it; this one is only for people.
public enum HumanTime {
    /// `Sun`…`Sat`, indexed by `CivilTime.weekday(days:)`.
    public static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    /// `Jan`…`Dec`, indexed by month − 1.
    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The local calendar day (days since 1970-01-01) and second of the day of `instant` in `zone`.
    static func local(_ instant: Int, _ zone: Zone) -> (days: Int, second: Int) {
        let local = instant + zone.offset(at: instant)
        let days = CivilTime.floorDiv(local, 86_400)
        return (days, local - days * 86_400)
    }

    /// `Mon 7 Dec` for a day number.
    public static func day(days: Int) -> String {
        let (_, month, day) = CivilTime.date(days: days)
        return "\(weekdayNames[CivilTime.weekday(days: days)]) \(day) \(monthNames[month - 1])"
    }

    /// `Mon 7 Dec` for the local day of `instant`.
    public static func day(_ instant: Int, in zone: Zone) -> String { day(days: local(instant, zone).days) }

    /// `12:05` for a second of the day.
    static func clock(_ second: Int) -> String {
        let minutes = second / 60
        return "\(minutes / 60 < 10 ? "0" : "")\(minutes / 60):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
    }

    /// `Mon 7 Dec 12:05 EST`.
    public static func dateTime(_ instant: Int, in zone: Zone) -> String {
        let (days, second) = local(instant, zone)
        return "\(day(days: days)) \(clock(second)) \(zone.abbreviation(at: instant))"
    }

    /// `Mon 7 Dec 12:00–12:35 EST` for a window `[start, end)` within a day, `Mon 7 Dec 23:00 – Tue 8 Dec
    /// 01:00 EST` across midnight, and `Mon 7 Dec (all day)` for a whole local day.
    public static func window(_ start: Int, _ end: Int, in zone: Zone) -> String {
        let (startDay, startSecond) = local(start, zone)
        let (endDay, endSecond) = local(end, zone)
        if startSecond == 0 && endSecond == 0 && endDay == startDay + 1 { return "\(day(days: startDay)) (all day)" }
        let startZone = zone.abbreviation(at: start), endZone = zone.abbreviation(at: end)
        if startZone == endZone && (startDay == endDay || (endDay == startDay + 1 && endSecond == 0)) {
            let last = endDay == startDay ? clock(endSecond) : "24:00"
            return "\(day(days: startDay)) \(clock(startSecond))–\(last) \(endZone)"
        }
        let first = "\(day(days: startDay)) \(clock(startSecond))" + (startZone == endZone ? "" : " \(startZone)")
        return "\(first) – \(day(days: endDay)) \(clock(endSecond)) \(endZone)"
    }

    /// `30 Nov – 6 Dec 2026` for the local days from `firstDay` through `lastDay` (day numbers, both
    /// inclusive); `1 – 7 Dec 2026` within a month, `28 Dec 2026 – 3 Jan 2027` across years, `7 Dec 2026`
    /// for one day.
    public static func period(firstDay: Int, lastDay: Int) -> String {
        let (y1, m1, d1) = CivilTime.date(days: firstDay)
        let (y2, m2, d2) = CivilTime.date(days: lastDay)
        let last = "\(d2) \(monthNames[m2 - 1]) \(y2)"
        if firstDay == lastDay { return last }
        if y1 != y2 { return "\(d1) \(monthNames[m1 - 1]) \(y1) – \(last)" }
        return (m1 == m2 ? "\(d1)" : "\(d1) \(monthNames[m1 - 1])") + " – " + last
    }

    /// The period of the instants `[start, end)` in `zone`, with the day before `end`'s local day as the
    /// last one when `end` is a local midnight (as report periods are).
    public static func period(_ start: Int, _ end: Int, in zone: Zone) -> String {
        let first = local(start, zone).days
        let (endDay, endSecond) = local(end, zone)
        let last = endSecond == 0 ? endDay - 1 : endDay
        return period(firstDay: first, lastDay: max(first, last))
    }
}
