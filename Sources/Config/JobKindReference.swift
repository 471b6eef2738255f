import JSON

/// The "params per kind" part of the job reference (`docs/jobs.md`), written from the descriptors so the
/// documentation cannot drift from what `validate` accepts (a test compares the two).
public enum JobKindReference {
    /// One section per kind, in the order given: what it does, what it mails, the templates it needs
    /// and a table of its parameters.
    public static func markdown(_ kinds: [JobKindDescriptor]) -> String {
        kinds.map(section).joined(separator: "\n")
    }

    private static func section(_ kind: JobKindDescriptor) -> String {
        var lines = ["#### `\(kind.kind)`", "", kind.summary, ""]
        lines.append("Mails: \(mail(kind.mail)). Templates: \(templates(kind.templates)).")
        lines.append("")
        if kind.params.isEmpty {
            lines.append("No parameters.")
        } else {
            lines.append("| param | type | default | meaning |")
            lines.append("|---|---|---|---|")
            for param in kind.params {
                let cells = ["`\(param.name)`", param.type.name, defaultText(param), param.summary]
                lines.append("| " + cells.map { $0.replacingPipes() }.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func mail(_ use: MailUse) -> String {
        switch use {
        case .never: return "no"
        case .always: return "on every run"
        case .whenSet(let keys):
            return "when " + keys.map { "`\($0)`" }.joined(separator: " or ") + " is set, to those recipients"
        }
    }

    private static func templates(_ templates: [RequiredTemplate]) -> String {
        guard !templates.isEmpty else { return "none" }
        return templates.map { template in
            let name: String
            switch template.name {
            case .fixed(let fixed): name = "`\(fixed)`"
            case .param(let key): name = "the one `\(key)` names"
            }
            let files = template.extensions.map { ".\($0)" }.joined(separator: ", ")
            switch template.condition {
            case .always: return "\(name) (\(files))"
            case .whenMailing: return "\(name) (\(files)) when it mails"
            case .whenProgramEscalates: return "\(name) (\(files)) when `program.json` sets `escalation.to`"
            }
        }.joined(separator: "; ")
    }

    private static func defaultText(_ param: JobParam) -> String {
        if param.required { return "required" }
        switch param.defaultValue {
        case .none: return ""
        case .described(let text): return text
        case .value(let value):
            if let text = value.stringValue { return "`\(text)`" }
            return "`\(value.jsonText)`"
        }
    }
}

private extension String {
    /// A Markdown table cell: `|` escaped.
    func replacingPipes() -> String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
