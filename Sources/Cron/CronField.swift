/// The six fields of a cron expression with their ranges and names.
public enum CronField: Int, Sendable, CaseIterable {
    case second, minute, hour, dayOfMonth, month, dayOfWeek

    /// The name used in error messages.
    public var name: String {
        switch self {
        case .second: return "second"
        case .minute: return "minute"
        case .hour: return "hour"
        case .dayOfMonth: return "day-of-month"
        case .month: return "month"
        case .dayOfWeek: return "day-of-week"
        }
    }

    /// The smallest value written in this field.
    var minimum: Int {
        switch self {
        case .second, .minute, .hour, .dayOfWeek: return 0
        case .dayOfMonth, .month: return 1
        }
    }

    /// The largest value written in this field (`7` is accepted for Sunday).
    var maximum: Int {
        switch self {
        case .second, .minute: return 59
        case .hour: return 23
        case .dayOfMonth: return 31
        case .month: return 12
        case .dayOfWeek: return 7
        }
    }

    /// Upper-case names accepted in place of numbers.
    var names: [String: Int] {
        switch self {
        case .month:
            return ["JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
                    "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12]
        case .dayOfWeek:
            return ["SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6]
        default:
            return [:]
        }
    }

    /// Whether `?` (same as `*`) is allowed.
    var acceptsQuestionMark: Bool { self == .dayOfMonth || self == .dayOfWeek }
}
