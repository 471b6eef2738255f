/// A bad line of a CSV file: its number and what is wrong with it.
public struct LineProblem: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public let line: Int
    /// What is wrong, naming the field.
    public let message: String

    /// Creates a problem.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// "line 4: email: ...".
    public var description: String { "line \(line): \(message)" }
}
