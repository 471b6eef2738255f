/// What a template produces, which decides how `{{name}}` escapes values (PRODUCT.md section 8.1).
public enum ContentType: String, Sendable, CaseIterable {
    /// `NAME.html.mustache`: `& < > " '` become entities.
    case html
    /// `NAME.md.mustache`: a value stays inside its line and cell: line breaks become spaces, `|` and a
    /// `<` that could open a tag are backslash-escaped, and a leading `# `, list marker (`- `, `+ `, `* `)
    /// or fence cannot start a heading, list or code block.
    case markdown = "md"
    /// `NAME.txt.mustache`: no escaping.
    case text = "txt"

    /// The content type of a file name such as `report.html.mustache`; `nil` when the name has no
    /// known type (`name.mustache` partials take the including template's type).
    public init?(fileName: String) {
        let parts = fileName.split(separator: ".")
        guard parts.count >= 3, parts.last == "mustache",
              let type = ContentType(rawValue: String(parts[parts.count - 2])) else {
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
        func at(_ index: Int) -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
        // What could start a heading, list or fence if the value began a line: `# `, `- `, `+ `, `* `,
        // ``` and ~~~. A leading `>` or `<` in "> 20 %" or "< 60 s" stays as written.
        let leading: Bool = {
            guard let first = at(0) else { return false }
            if "-+*".unicodeScalars.contains(first) { return at(1) == nil || at(1) == " " || at(1) == "\t" }
            if first == "#" { return at(1) == nil || at(1) == " " || at(1) == "#" }
            if first == "`" || first == "~" { return at(1) == first && at(2) == first }
            return false
        }()
        // `<` only where it could open a tag (`<b>`, `</p>`, `<!--`).
        func opensTag(_ index: Int) -> Bool {
            guard scalars[index] == "<", let next = at(index + 1) else { return false }
            return next.properties.isAlphabetic || next == "/" || next == "!" || next == "?"
        }
        guard leading || scalars.indices.contains(where: { breaks.contains(scalars[$0]) || scalars[$0] == "|"
            || opensTag($0) }) else {
            return value
        }
        var out = String.UnicodeScalarView()
        if leading { out.append("\\") }
        for (index, scalar) in scalars.enumerated() {
            if breaks.contains(scalar) {
                if out.last != " " { out.append(" ") }
                continue
            }
            if scalar == "|" || opensTag(index) { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }
}
