import Cron
import Testing

@Suite("Cron parse errors")
struct CronParserErrorTests {
    struct BadExpression: CustomTestStringConvertible, Sendable {
        let expression: String
        let message: String
        let column: Int
        init(_ expression: String, _ message: String, column: Int) {
            self.expression = expression
            self.message = message
            self.column = column
        }
        var testDescription: String { "\"\(expression)\"" }
    }

    static let cases: [BadExpression] = [
        BadExpression("61 * * * *", #"minute field: "61" is out of range 0-59"#, column: 1),
        BadExpression("* 24 * * *", #"hour field: "24" is out of range 0-23"#, column: 3),
        BadExpression("* * 0 * *", #"day-of-month field: "0" is out of range 1-31"#, column: 5),
        BadExpression("* * * 13 *", #"month field: "13" is out of range 1-12"#, column: 7),
        BadExpression("* * * * 8", #"day-of-week field: "8" is out of range 0-7"#, column: 9),
        BadExpression("60 * * * * *", #"second field: "60" is out of range 0-59"#, column: 1),
        BadExpression("* * * *", "has 4 fields; expected 5", column: 1),
        BadExpression("0 0 1 1 * * 2026", "year field, which is not supported", column: 13),
        BadExpression("", "empty expression", column: 1),
        BadExpression("*/0 * * * *", "step 0", column: 1),
        BadExpression("5/x * * * *", "step 'x', which is not a number", column: 1),
        BadExpression("0 22-2 * * *", "reversed range (22 > 2)", column: 3),
        BadExpression("0 0 15W * *", "'W' (nearest weekday) is not supported", column: 5),
        BadExpression("0 0 LW * *", "'W'", column: 5),
        BadExpression("0 0 * * 1#6", "must be 1-5", column: 9),
        BadExpression("0 0 * * 5L", "is not valid; expected a number 0-7 or a name SUN-SAT", column: 9),
        BadExpression("0 0 * * L", "only allowed in the day-of-month field", column: 9),
        BadExpression("0 0 1#1 * *", "only allowed in the day-of-week field", column: 5),
        BadExpression("1,,2 * * * *", "empty list item", column: 1),
        BadExpression("0 0 1, * *", "empty list item", column: 5),
        BadExpression("@reboot", "is not a known macro", column: 1),
        BadExpression("0 0 * FOO *", #""FOO" is not valid; expected a number 1-12 or a name JAN-DEC"#, column: 7),
        BadExpression("? * * * *", #"minute field: "?" is not valid"#, column: 1),
        BadExpression("0 0 30 2 *", "can never fire", column: 5),
        BadExpression("0 0 31 4,6,9,11 *", "can never fire", column: 5),
        BadExpression("0 0 1,5-x * *", #""5-x" is not valid"#, column: 7),
        BadExpression("1-2-3 * * * *", #"minute field: "1-2-3" is not a range"#, column: 1),
        BadExpression("0 0 * * 1-2-5/2", #""1-2-5/2" is not a range"#, column: 9),
        BadExpression("0 0 * * MON-", #""MON-" is not valid"#, column: 9),
        BadExpression("0 9 * * MON-XYZ", #""MON-XYZ" is not valid"#, column: 9),
        BadExpression("０ * * * *", "is not valid", column: 1),
    ]

    @Test func aHugeBadTokenIsShownByItsStartNotWhole() {
        let expression = String(repeating: "1", count: 10_000) + " * * * *"
        let error = #expect(throws: CronError.self) { try CronParser.parse(expression) }
        #expect((error?.description.count ?? .max) < 200, "\(error?.description.prefix(300) ?? "no error")")
    }

    @Test("bad expressions name field, token and column", arguments: cases)
    func badExpressionsAreExplained(_ bad: BadExpression) {
        let error = #expect(throws: CronError.self) { try CronParser.parse(bad.expression) }
        #expect(error?.description.contains(bad.message) == true, "\(error?.description ?? "no error")")
        #expect(error?.column == bad.column, "\(error?.description ?? "no error")")
    }
}
