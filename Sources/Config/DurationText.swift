/// Durations as written in job files: `90s`, `15m`, `6h`, `7d`, or combined (`1h30m`).
public enum DurationText {
    /// The longest duration any field accepts is far below this; longer texts read as `Int.max` seconds
    /// so the caller reports "too long" rather than "not a duration".
    public static let saturation = Int(Int32.max)

    /// The number of seconds (at most `saturation`), or `nil` when the text is not a duration.
    public static func seconds(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        var total = 0
        var number = 0
        var digits = 0
        var lastUnit = Int.max
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = min(number * 10 + digit, saturation)
                digits += 1
                continue
            }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            default: return nil
            }
            // Each unit once, largest first: "1h30m" yes, "30m1h" or "1m1m" no.
            guard digits > 0, unit < lastUnit else { return nil }
            total = min(total + min(number * unit, saturation), saturation)
            lastUnit = unit
            number = 0
            digits = 0
        }
        guard digits == 0 else { return nil }  // a trailing number without a unit
        return total
    }

    /// The upper bound of a duration field that sets no other: 30 days.
    public static let maximumDefault = 30 * 86_400
    /// The longest retry delay, however many attempts have doubled it: 1 day.
    public static let maximumRetryDelay = 86_400

    /// The shortest text for a number of seconds (`5400` → `1h30m`).
    public static func format(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for (unit, suffix) in [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")] where rest >= unit {
            text += "\(rest / unit)\(suffix)"
            rest %= unit
        }
        return text
    }
}
