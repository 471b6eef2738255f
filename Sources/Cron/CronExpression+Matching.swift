import CivilTime
extension CronExpression {
    /// The first local second in `[low, high]` whose wall-clock reading matches every field.
    ///
    /// Works on "local seconds" (see `CivilTime`): no zone, no DST. Jumps the coarsest mismatching field
    /// (month, then day, hour, minute, second) and restarts, like robfig/cron's `Next`.
    func nextMatch(onOrAfter low: Int, notAfter high: Int) -> Int? {
        var days = CivilTime.floorDiv(low, 86_400)
        let secondOfDay = low - days * 86_400
        var (year, month, day) = CivilTime.date(days: days)
        var hour = secondOfDay / 3600
        var minute = (secondOfDay % 3600) / 60
        var second = secondOfDay % 60
        let lastDay = CivilTime.floorDiv(high, 86_400)

        func advanceDay() {
            days += 1
            day += 1
            hour = 0; minute = 0; second = 0
            if day > CivilTime.daysInMonth(year: year, month: month) {
                day = 1
                month += 1
                if month == 13 { month = 1; year += 1 }
            }
        }

        while days <= lastDay {
            if months & (1 << UInt64(month)) == 0 {
                let later = months & ~((2 << UInt64(month)) - 1)
                if later != 0 {
                    month = later.trailingZeroBitCount
                } else {
                    year += 1
                    month = months.trailingZeroBitCount
                }
                day = 1; hour = 0; minute = 0; second = 0
                days = CivilTime.days(year: year, month: month, day: 1)
                continue
            }
            if !matchesDay(year: year, month: month, day: day, weekday: CivilTime.weekday(days: days)) {
                advanceDay()
                continue
            }
            let laterHours = hours & ~((1 << UInt64(hour)) - 1)
            if laterHours == 0 { advanceDay(); continue }
            let nextHour = laterHours.trailingZeroBitCount
            if nextHour != hour { hour = nextHour; minute = 0; second = 0 }

            let laterMinutes = minutes & ~((1 << UInt64(minute)) - 1)
            if laterMinutes == 0 {
                hour += 1; minute = 0; second = 0
                if hour == 24 { advanceDay() }
                continue
            }
            let nextMinute = laterMinutes.trailingZeroBitCount
            if nextMinute != minute { minute = nextMinute; second = 0 }

            let laterSeconds = seconds & ~((1 << UInt64(second)) - 1)
            if laterSeconds == 0 {
                minute += 1; second = 0
                if minute == 60 {
                    minute = 0; hour += 1
                    if hour == 24 { advanceDay() }
                }
                continue
            }
            second = laterSeconds.trailingZeroBitCount
            let local = days * 86_400 + hour * 3600 + minute * 60 + second
            return local <= high ? local : nil
        }
        return nil
    }
}
