/// A CSV syntax error with its place.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public let line: Int
    /// 1-based column in bytes (0 when the whole record is concerned).
    public let column: Int
    /// What is wrong and how to fix it.
    public let reason: String

    /// Creates an error.
    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// "line 4, column 9: ...".
    public var description: String { column > 0 ? "line \(line), column \(column): \(reason)" : "line \(line): "
        + "\(reason)" }
}
