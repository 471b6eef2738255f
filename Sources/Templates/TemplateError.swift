/// A template that cannot be parsed or rendered: file, 1-based line and column of the tag's opening
/// delimiter, and what is wrong.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The template's file or name.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, in characters.
    public let column: Int
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `Templates/report.html.mustache:12:5: unclosed section "criteria"`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
