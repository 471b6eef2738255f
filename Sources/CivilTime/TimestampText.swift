/// The parts of an ISO 8601 timestamp as written: `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:MM[:SS]]]`.
///
/// Shared by the command line and job files (RFC 3339, or local times without an offset) and by
/// PostgreSQL's `timestamptz` text (`2026-11-27 05:19:07.123+00`). It only splits and checks the text;
/// what a missing offset means is the caller's decision.
public struct TimestampText: Sendable, Equatable {
    /// Wall-clock seconds since 1970-01-01 00:00:00, as if the offset were zero.
    public let localSeconds: Int
    /// The fractional second, 0 ≤ fraction < 1.
    public let fraction: Double
    /// Seconds east of UTC, or nil when the text has no offset.
    public let offset: Int?

    /// Parses `text`; nil when it is not a valid timestamp (including impossible dates like Feb 30).
    public static func parse(_ text: String) -> TimestampText? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.accept("-"), let month = scanner.number(2), scanner.accept("-"),
              let day = scanner.number(2), (1...12).contains(month),
              (1...CivilTime.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        var local = CivilTime.days(year: year, month: month, day: day) * 86_400
        var fraction = 0.0
        if scanner.accept("T") || scanner.accept("t") || scanner.accept(" ") {
            guard let hour = scanner.number(2), scanner.accept(":"), let minute = scanner.number(2), hour < 24,
                  minute < 60 else { return nil }
            local += hour * 3600 + minute * 60
            if scanner.accept(":") {
                guard let second = scanner.number(2), second < 60 else { return nil }
                local += second
                if scanner.accept(".") {
                    guard let digits = scanner.fraction() else { return nil }
                    fraction = digits
                }
            }
        }
        var offset: Int?
        if scanner.accept("Z") || scanner.accept("z") {
            offset = 0
        } else if let sign = scanner.accept("+") ? 1 : scanner.accept("-") ? -1 : nil {
            guard let hours = scanner.number(2), hours < 24 else { return nil }
            var seconds = hours * 3600
            if scanner.accept(":") {
                guard let minutes = scanner.number(2), minutes < 60 else { return nil }
                seconds += minutes * 60
                if scanner.accept(":") {
                    guard let extra = scanner.number(2), extra < 60 else { return nil }
                    seconds += extra
                }
            }
            offset = sign * seconds
        }
        guard scanner.atEnd else { return nil }
        return TimestampText(localSeconds: local, fraction: fraction, offset: offset)
    }

    /// Seconds since the Unix epoch, reading a missing offset as `defaultOffset`.
    public func unixSeconds(defaultOffset: Int = 0) -> Double {
        Double(localSeconds - (offset ?? defaultOffset)) + fraction
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func accept(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue! else { return false }
            index += 1
            return true
        }

        mutating func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return value
        }

        mutating func fraction() -> Double? {
            var value = 0.0
            var scale = 0.1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) {
                value += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            return index > start ? value : nil
        }
    }
}
