import Formatting
import FoundationEssentials

/// Parses cron expressions (PRODUCT.md section 5): five fields, or six with a leading seconds field,
/// lists, ranges, steps, names, `?`, `L`, `D#N` and the `@` macros.
public enum CronParser {
    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses an expression; errors name the field, the token and its column.
    public static func parse(_ text: String) throws(CronError) -> CronExpression {
        let trimmed = text.trimmed
        if trimmed.hasPrefix("@") {
            guard let expansion = macros[trimmed.lowercased()] else {
                throw CronError(field: nil, token: trimmed, column: 1 + leadingSpaces(text),
                                problem: "is not a known macro (use @yearly, @annually, @monthly, @weekly, @daily, "
                                    + "@midnight or @hourly)")
            }
            return try parse(expansion).renamed(text)
        }
        let tokens = splitFields(text)
        let fields: [CronField]
        switch tokens.count {
        case 5: fields = [.minute, .hour, .dayOfMonth, .month, .dayOfWeek]
        case 6: fields = CronField.allCases
        case 0: throw CronError(field: nil, token: "", column: 1, problem: "empty expression: expected 5 or 6 fields")
        case 7:
            throw CronError(field: nil, token: tokens[6].text, column: tokens[6].column,
                            problem: "looks like a year field, which is not supported; use 5 or 6 fields")
        default:
            throw CronError(field: nil, token: text, column: 1,
                            problem: "has \(tokens.count) fields; expected 5 (minute hour day-of-month month "
                                + "day-of-week) or 6 (with a leading second)")
        }
        var expression = CronExpression(source: text, seconds: 1, minutes: 0, hours: 0, daysOfMonth: 0,
                                        lastDayOfMonth: false,
                                        months: 0, daysOfWeek: 0, nthWeekdays: 0, dayOfMonthUnrestricted: false,
                                        dayOfWeekUnrestricted: false)
        for (field, token) in zip(fields, tokens) {
            try parseField(token.text, field: field, column: token.column, into: &expression)
        }
        guard expression.canMatchSomeDay else {
            let dom = tokens[fields.firstIndex(of: .dayOfMonth)!]
            throw CronError(field: CronField.dayOfMonth.name, token: dom.text, column: dom.column,
                            problem: "never occurs in the months of the month field, so the schedule can never fire")
        }
        return expression
    }

    // MARK: - Fields

    private static func parseField(_ text: String, field: CronField, column: Int,
                                   into expression: inout CronExpression) throws(CronError) {
        var bits: UInt64 = 0
        let unrestricted = text == "*" || (text == "?" && field.acceptsQuestionMark)
        var itemColumn = column
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let itemText = String(item)
            guard !itemText.isEmpty else {
                throw CronError(field: field.name, token: text, column: column, problem: "has an empty list item")
            }
            try parseItem(itemText, field: field, column: itemColumn, bits: &bits, expression: &expression)
            itemColumn += itemText.count + 1
        }
        if field == .dayOfWeek, bits & (1 << 7) != 0 {
            bits = (bits & ~(1 << 7)) | 1  // 7 is Sunday
        }
        switch field {
        case .second: expression.seconds = bits
        case .minute: expression.minutes = bits
        case .hour: expression.hours = bits
        case .dayOfMonth:
            expression.daysOfMonth = bits
            expression.dayOfMonthUnrestricted = unrestricted
        case .month: expression.months = bits
        case .dayOfWeek:
            expression.daysOfWeek = bits
            expression.dayOfWeekUnrestricted = unrestricted
        }
    }

    private static func parseItem(_ item: String, field: CronField, column: Int, bits: inout UInt64,
                                  expression: inout CronExpression) throws(CronError) {
        func fail(_ problem: String, token: String = item) -> CronError {
            CronError(field: field.name, token: token, column: column, problem: problem)
        }
        let upper = item.uppercased()
        if upper == "L" {
            guard field == .dayOfMonth else { throw fail("'L' (last day of month) is only allowed in the "
                + "day-of-month field") }
            expression.lastDayOfMonth = true
            return
        }
        if field == .dayOfMonth && upper.contains("W") {
            throw fail("'W' (nearest weekday) is not supported")
        }
        if let hash = item.firstIndex(of: "#") {
            guard field == .dayOfWeek else { throw fail("'#' (N-th weekday) is only allowed in the day-of-week field") }
            let weekday = try value(String(item[..<hash]), field: field, column: column, whole: item)
            let nthText = String(item[item.index(after: hash)...])
            guard let nth = Int(nthText), (1...5).contains(nth) else {
                throw fail("has '#\(nthText)'; the occurrence after '#' must be 1-5")
            }
            expression.nthWeekdays |= 1 << UInt64((weekday % 7) * 8 + nth)
            return
        }
        var rangePart = Substring(item)
        var step = 1
        var hasStep = false
        if let slash = item.firstIndex(of: "/") {
            rangePart = item[..<slash]
            let stepText = String(item[item.index(after: slash)...])
            guard let parsed = Int(stepText), stepText.allSatisfy(\.isASCII) else {
                throw fail("has step '\(stepText)', which is not a number")
            }
            guard parsed > 0 else { throw fail("has step 0; a step must be at least 1") }
            step = parsed
            hasStep = true
        }
        let low: Int
        let high: Int
        if rangePart == "*" || (rangePart == "?" && field.acceptsQuestionMark) {
            low = field.minimum
            high = field == .dayOfWeek ? 6 : field.maximum
        } else if let dash = rangePart.firstIndex(of: "-") {
            guard rangePart.filter({ $0 == "-" }).count == 1 else {
                throw fail("is not a range; a range is two values joined by one '-', like 1-5")
            }
            low = try value(String(rangePart[..<dash]), field: field, column: column, whole: item)
            high = try value(String(rangePart[rangePart.index(after: dash)...]), field: field, column: column,
                             whole: item)
            guard low <= high else {
                throw fail("is a reversed range (\(low) > \(high)); write it as two ranges, e.g. "
                    + "'\(low)-\(field.maximum),\(field.minimum)-\(high)'")
            }
        } else {
            low = try value(String(rangePart), field: field, column: column, whole: item)
            high = hasStep ? (field == .dayOfWeek ? 6 : field.maximum) : low
        }
        var v = low
        while v <= high {
            bits |= 1 << UInt64(v)
            v += step
        }
    }

    private static func value(_ text: String, field: CronField, column: Int, whole: String) throws(CronError) -> Int {
        if let named = field.names[text.uppercased()] { return named }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            let hint: String
            switch field {
            case .month: hint = "expected a number 1-12 or a name JAN-DEC"
            case .dayOfWeek: hint = "expected a number 0-7 or a name SUN-SAT"
            default: hint = "expected a number \(field.minimum)-\(field.maximum)"
            }
            // The whole item names the mistake better than a piece of it ("1-x", not "x").
            throw CronError(field: field.name, token: whole, column: column, problem: "is not valid; \(hint)")
        }
        guard number >= field.minimum && number <= field.maximum else {
            throw CronError(field: field.name, token: text, column: column,
                            problem: "is out of range \(field.minimum)-\(field.maximum)")
        }
        return number
    }

    // MARK: - Tokens

    private static func leadingSpaces(_ text: String) -> Int { text.prefix(while: { $0 == " " || $0 == "\t" }).count }

    private static func splitFields(_ text: String) -> [(text: String, column: Int)] {
        var tokens: [(String, Int)] = []
        var current = ""
        var start = 0
        for (offset, character) in text.enumerated() {
            if character == " " || character == "\t" {
                if !current.isEmpty { tokens.append((current, start + 1)); current = "" }
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append((current, start + 1)) }
        return tokens
    }
}

extension CronExpression {
    /// The same schedule under another source text (a macro keeps its name).
    func renamed(_ source: String) -> CronExpression {
        CronExpression(source: source, seconds: seconds, minutes: minutes, hours: hours, daysOfMonth: daysOfMonth,
                       lastDayOfMonth: lastDayOfMonth, months: months, daysOfWeek: daysOfWeek, nthWeekdays: nthWeekdays,
                       dayOfMonthUnrestricted: dayOfMonthUnrestricted, dayOfWeekUnrestricted: dayOfWeekUnrestricted)
    }
}
