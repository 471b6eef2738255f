/// A configuration problem, naming the file (or `environment`), the field path and, when known, the line.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path as given, or `environment` for variables.
    public let file: String
    /// The field path (`params.argv[1]`, `baseline.start`, `SMTP_URL`), or `nil` for the file as a whole.
    public let field: String?
    /// The 1-based line, when known.
    public let line: Int?
    /// The 1-based column, for JSON syntax errors.
    public let column: Int?
    /// What is wrong and, where possible, how to fix it.
    public let message: String

    /// Creates an error.
    public init(file: String, field: String?, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.field = field
        self.line = line
        self.column = column
        self.message = message
    }

    /// `Jobs/daily.json:3: field "schedule": minute field: "61" is out of range 0-59`.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        if let field { return "\(location): field \"\(field)\": \(message)" }
        return "\(location): \(message)"
    }
}

/// Collects every problem found, so `validate` can print them all at once.
final class Diagnostics {
    private(set) var errors: [ConfigError] = []
    /// Problems that do not make the configuration invalid (a roster line a survey will skip).
    private(set) var warnings: [ConfigError] = []

    func report(_ error: ConfigError) { errors.append(error) }

    func warn(_ warning: ConfigError) { warnings.append(warning) }

    func report(file: String, field: String?, line: Int?, _ message: String) {
        errors.append(ConfigError(file: file, field: field, line: line, message: message))
    }
}
