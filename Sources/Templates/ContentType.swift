/// What a template produces, which decides how `{{name}}` escapes values (PRODUCT.md section 8.1).
public enum ContentType: String, Sendable, CaseIterable {
    /// `NAME.html.mustache`: `& < > " '` become entities.
    case html
    /// `NAME.md.mustache`: a value stays inside its line and cell: line breaks become spaces, `|` and `<`
    /// are backslash-escaped, and a leading `#`, `>`, `=`, `` ` ``, `~` or list marker (`- `, `+ `, `* `)
    /// cannot start a heading, quote, list or fence.
    case markdown = "md"
    /// `NAME.txt.mustache`: no escaping.
    case text = "txt"

    /// The content type of a file name such as `report.html.mustache`; `nil` when the name has no
    /// known type (`name.mustache` partials take the including template's type).
    public init?(fileName: String) {
        let parts = fileName.split(separator: ".")
        guard parts.count >= 3, parts.last == "mustache", let type = ContentType(rawValue: String(parts[parts.count - 2])) else {
            return nil
        }
        self = type
    }

    /// Escapes an interpolated value for this content type.
    public func escape(_ value: String) -> String {
        switch self {
        case .html:
            guard value.contains(where: { "&<>\"'".contains($0) }) else { return value }
            var out = ""
            out.reserveCapacity(value.count + 16)
            for character in value {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.append(character)
                }
            }
            return out
        case .markdown:
            return Self.escapeMarkdown(value)
        case .text:
            return value
        }
    }

    private static func escapeMarkdown(_ value: String) -> String {
        let breaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]
        let scalars = Array(value.unicodeScalars)
        // `#`, `>`, `=`, fences and `- `, `+ `, `* ` (a list needs the space: "-12 %" stays as it is).
        let leading = scalars.first.map { first in
            "#>=`~".unicodeScalars.contains(first)
                || ("-+*".unicodeScalars.contains(first) && (scalars.count == 1 || scalars[1] == " " || scalars[1] == "\t"))
        } ?? false
        guard leading || scalars.contains(where: { breaks.contains($0) || $0 == "|" || $0 == "<" }) else { return value }
        var out = String.UnicodeScalarView()
        if leading { out.append("\\") }
        for scalar in scalars {
            if breaks.contains(scalar) {
                if out.last != " " { out.append(" ") }
                continue
            }
            if scalar == "|" || scalar == "<" { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }
}
