/// Why a cron expression or one-shot time was refused: the field, the bad token and its position.
public struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field that holds the problem ("minute"), or `nil` for the expression as a whole.
    public let field: String?
    /// The offending token, as written.
    public let token: String
    /// The 1-based column of the token in the expression.
    public let column: Int
    /// What is wrong ("is out of range 0-59").
    public let problem: String

    /// Creates an error.
    public init(field: String?, token: String, column: Int, problem: String) {
        self.field = field
        self.token = token
        self.column = column
        self.problem = problem
    }

    /// `minute field: "61" is out of range 0-59 (column 1)`.
    public var description: String {
        // A huge token is shown by its start: a 10 KB expression must not fill the terminal.
        let shown = token.count > 60 ? String(token.prefix(57)) + "..." : token
        let quoted = shown.isEmpty ? "" : "\"\(shown)\" "
        if let field { return "\(field) field: \(quoted)\(problem) (column \(column))" }
        return "\(quoted)\(problem)".trimmed + (column > 0 ? " (column \(column))" : "")
    }
}
