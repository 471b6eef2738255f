/// The POSIX TZ string that ends TZif data (`EST5EDT,M3.2.0,M11.1.0`): the rule for instants after the
/// last listed transition (RFC 8536 section 3.3, with its extensions: hours up to 167, negative times).
public struct PosixZoneRule: Sendable, Equatable {
    /// A day of the year on which daylight time starts or ends.
    public enum Day: Sendable, Equatable {
        /// `Jn`: day 1...365, February 29 never counted.
        case julianNoLeap(Int)
        /// `n`: day 0...365, February 29 counted in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1...5, 5 = last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    /// A change to or from daylight time: a day and a local time (seconds, may be negative or past 24 h).
    public struct Change: Sendable, Equatable {
        /// The day.
        public let day: Day
        /// Seconds after local midnight of that day, on the clock in effect before the change.
        public let time: Int
    }

    /// The standard offset, seconds east of UTC.
    public let standardOffset: Int
    /// Daylight time: its offset and when it starts and ends; `nil` for a zone without daylight time.
    public let daylight: (offset: Int, start: Change, end: Change)?
    /// The rule's abbreviations by offset (`-18000: "EST", -14400: "EDT"`).
    public let names: [Int: String]

    /// Parses a TZ string; `nil` when it is not valid POSIX TZ syntax.
    public static func parse(_ text: String) -> PosixZoneRule? {
        var scanner = Scanner(Array(text.utf8))
        guard let standardName = scanner.name(), let std = scanner.offset() else { return nil }
        if scanner.atEnd { return PosixZoneRule(standardOffset: -std, daylight: nil, names: [-std: standardName]) }
        guard let daylightName = scanner.name() else { return nil }
        var dst = std - 3600
        if !scanner.atEnd && scanner.peek != UInt8(ascii: ",") {
            guard let parsed = scanner.offset() else { return nil }
            dst = parsed
        }
        var start = Change(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
        var end = Change(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
        if !scanner.atEnd {
            guard scanner.take(","), let s = scanner.change(), scanner.take(","), let e = scanner.change(),
                  scanner.atEnd else { return nil }
            start = s
            end = e
        }
        // "Daylight" at the standard offset changes nothing (and two names for one offset crashed a
        // dictionary literal: found by fuzzing).
        guard dst != std else { return PosixZoneRule(standardOffset: -std, daylight: nil, names: [-std: standardName]) }
        return PosixZoneRule(standardOffset: -std, daylight: (-dst, start, end),
                             names: [-std: standardName, -dst: daylightName])
    }

    /// Equal when offsets and changes are equal.
    public static func == (lhs: PosixZoneRule, rhs: PosixZoneRule) -> Bool {
        guard lhs.standardOffset == rhs.standardOffset else { return false }
        switch (lhs.daylight, rhs.daylight) {
        case (nil, nil): return true
        case let (l?, r?): return l.offset == r.offset && l.start == r.start && l.end == r.end
        default: return false
        }
    }

    /// The offset changes of `year` as (instant, new offset), in time order; empty without daylight time.
    public func changes(in year: Int) -> [(instant: Int, offset: Int)] {
        guard let daylight else { return [] }
        let start = Self.localSeconds(daylight.start, year: year) - standardOffset
        let end = Self.localSeconds(daylight.end, year: year) - daylight.offset
        return [(start, daylight.offset), (end, standardOffset)].sorted { $0.instant < $1.instant }
    }

    /// Local seconds since the epoch of a change in `year`.
    static func localSeconds(_ change: Change, year: Int) -> Int {
        let jan1 = CivilTime.days(year: year, month: 1, day: 1)
        let day: Int
        switch change.day {
        case .julianNoLeap(let n):
            day = jan1 + n - 1 + (CivilTime.isLeapYear(year) && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            day = jan1 + n
        case let .monthWeekDay(month, week, weekday):
            let first = CivilTime.days(year: year, month: month, day: 1)
            var candidate = first + (weekday - CivilTime.weekday(days: first) + 7) % 7 + (week - 1) * 7
            let monthEnd = first + CivilTime.daysInMonth(year: year, month: month)
            while candidate >= monthEnd { candidate -= 7 }
            day = candidate
        }
        return day * 86_400 + change.time
    }
}

/// Reads the parts of a TZ string.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func take(_ character: Character) -> Bool {
        guard peek == character.asciiValue else { return false }
        index += 1
        return true
    }

    /// `EST` (three or more letters) or `<+0530>` (quoted: letters, digits, + and -), without the quotes.
    mutating func name() -> String? {
        if take("<") {
            let start = index
            while let c = peek, c != UInt8(ascii: ">") { index += 1 }
            let end = index
            guard end - start >= 3, take(">") else { return nil }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        let start = index
        while let c = peek, (c >= 65 && c <= 90) || (c >= 97 && c <= 122) { index += 1 }
        return index - start >= 3 ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    mutating func number(maxDigits: Int) -> Int? {
        var value = 0
        var digits = 0
        while let c = peek, c >= 48 && c <= 57, digits < maxDigits {
            value = value * 10 + Int(c - 48)
            index += 1
            digits += 1
        }
        return digits == 0 ? nil : value
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, west-positive as POSIX writes it.
    mutating func offset() -> Int? { signedTime(maxHours: 24) }

    mutating func signedTime(maxHours: Int) -> Int? {
        var sign = 1
        if take("-") { sign = -1 } else { _ = take("+") }
        guard let hours = number(maxDigits: 3), hours <= maxHours else { return nil }
        var seconds = hours * 3600
        if take(":") {
            guard let minutes = number(maxDigits: 2), minutes < 60 else { return nil }
            seconds += minutes * 60
            if take(":") {
                guard let s = number(maxDigits: 2), s < 60 else { return nil }
                seconds += s
            }
        }
        return sign * seconds
    }

    /// `Jn`, `n` or `Mm.w.d`, then an optional `/time`.
    mutating func change() -> PosixZoneRule.Change? {
        let day: PosixZoneRule.Day
        if take("J") {
            guard let n = number(maxDigits: 3), (1...365).contains(n) else { return nil }
            day = .julianNoLeap(n)
        } else if take("M") {
            guard let m = number(maxDigits: 2), (1...12).contains(m), take("."),
                  let w = number(maxDigits: 1), (1...5).contains(w), take("."),
                  let d = number(maxDigits: 1), d <= 6 else { return nil }
            day = .monthWeekDay(month: m, week: w, weekday: d)
        } else {
            guard let n = number(maxDigits: 3), n <= 365 else { return nil }
            day = .zeroBased(n)
        }
        var time = 7200
        if take("/") {
            guard let parsed = signedTime(maxHours: 167) else { return nil }
            time = parsed
        }
        return PosixZoneRule.Change(day: day, time: time)
    }
}
