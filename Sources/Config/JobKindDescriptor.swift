/// Everything the runner knows about a job kind before it runs: its parameters with their types and
/// defaults, whether it mails, the templates it renders and the checks only it can make.
///
/// Each kind declares one next to its executor; `JobCatalog.load` validates job files against the
/// descriptors it is given, so the catalog iterates the registered kinds instead of knowing them.
public struct JobKindDescriptor: Sendable {
    /// The name job files use.
    public let kind: JobKind
    /// What the kind does, in a sentence for the job reference.
    public let summary: String
    /// The parameters it accepts, in the order the reference lists them.
    public let params: [JobParam]
    /// Whether it sends mail of its own (failure notices aside).
    public let mail: MailUse
    /// The templates it renders, checked to exist by `validate`.
    public let templates: [RequiredTemplate]
    /// Checks across parameters or files (links, rosters) after every parameter's type was checked.
    public let check: (@Sendable (inout ParamChecker) -> Void)?

    /// A descriptor.
    public init(kind: JobKind, summary: String, params: [JobParam], mail: MailUse,
                templates: [RequiredTemplate] = [], check: (@Sendable (inout ParamChecker) -> Void)? = nil) {
        self.kind = kind
        self.summary = summary
        self.params = params
        self.mail = mail
        self.templates = templates
        self.check = check
    }

    /// The parameter called `name`.
    public func param(_ name: String) -> JobParam? { params.first { $0.name == name } }

    /// Whether a job of this kind must have a `params` object (some parameter is required).
    public var needsParams: Bool { params.contains(where: \.required) }
}

/// Whether a kind sends mail of its own.
public enum MailUse: Sendable, Equatable {
    /// Never.
    case never
    /// On every run.
    case always
    /// When the job sets any of these parameters (its recipients).
    case whenSet([String])
}

/// A template a kind renders, which must exist in `TEMPLATES_DIR` in each of `extensions`.
public struct RequiredTemplate: Sendable {
    /// Where the template's name comes from.
    public enum Name: Sendable {
        /// Always this template.
        case fixed(String)
        /// The value of this parameter (of type `template`), or its default.
        case param(String)
    }

    /// When a job needs the template.
    public enum Condition: Sendable {
        /// On every run.
        case always
        /// When the job mails (its `MailUse`).
        case whenMailing
        /// When `program.json` names `escalation.to`.
        case whenProgramEscalates
    }

    /// The template's name.
    public let name: Name
    /// The files it needs: `md`, `html`, `txt`.
    public let extensions: [String]
    /// When it is needed.
    public let condition: Condition

    /// A required template.
    public init(_ name: Name, _ extensions: [String], when condition: Condition = .always) {
        self.name = name
        self.extensions = extensions
        self.condition = condition
    }
}
