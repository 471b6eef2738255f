/// What a template produces, which decides how `{{name}}` escapes values (PRODUCT.md section 8.1).
public enum ContentType: String, Sendable, CaseIterable {
    /// `NAME.html.mustache`: `& < > " '` become entities.
    case html
    /// `NAME.md.mustache`: `|` is escaped so a value cannot break a table row; nothing else.
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
            return value.contains("|") ? value.replacing("|", with: "\\|") : value
        case .text:
            return value
        }
    }
}
