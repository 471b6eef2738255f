import JSON

/// One parameter a job kind accepts in `params`: its type, whether it is required, its default and what it
/// means. The loader validates it and `JobParameters` reads it with its default, so both come from here.
public struct JobParam: Sendable {
    /// The key in `params`.
    public let name: String
    /// What the value must be.
    public let type: ParamType
    /// Whether a job file must set it.
    public let required: Bool
    /// The value used when the job file leaves it out.
    public let defaultValue: Default
    /// What it means, for the job reference (`docs/jobs.md`).
    public let summary: String

    /// A parameter; `summary` is a phrase for people.
    public init(_ name: String, _ type: ParamType, required: Bool = false, default defaultValue: Default = .none,
                _ summary: String) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// The value of a parameter the job file leaves out.
    public enum Default: Sendable {
        /// None: the parameter is simply absent.
        case none
        /// This value, returned by `JobParameters` as if it were written.
        case value(JSONValue)
        /// Decided when the job runs (the job's name, every campaign mailed), described in words.
        case described(String)
    }
}

/// The type of a parameter, checked by `validate` before any run.
public enum ParamType: Sendable {
    /// A non-empty string.
    case string
    /// An integer from 1 to 1,000,000.
    case count
    /// A finite number.
    case number
    /// A duration such as `90s`, `15m`, `6h`, `7d`.
    case duration
    /// Mail addresses and recipient groups of `program.json`.
    case recipients
    /// The name of a template in `TEMPLATES_DIR`.
    case template
    /// A tenant's UUID.
    case tenant
    /// An array of strings.
    case strings
    /// A non-empty array of strings whose first element (a program) is not empty.
    case argv
    /// A date like `2026-12-11`.
    case date
    /// A value the kind checks itself; `name` says what it is in the job reference.
    case custom(name: String, check: @Sendable (inout FieldReader, String) -> Void)

    /// How the job reference names the type.
    public var name: String {
        switch self {
        case .string: return "string"
        case .count: return "count (1-1000000)"
        case .number: return "number"
        case .duration: return "duration"
        case .recipients: return "recipients"
        case .template: return "template"
        case .tenant: return "tenant UUID"
        case .strings: return "array of strings"
        case .argv: return "program and arguments"
        case .date: return "date"
        case .custom(let name, _): return name
        }
    }
}
