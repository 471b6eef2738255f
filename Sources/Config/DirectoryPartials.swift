import Formatting
import FoundationEssentials
import Templates

/// Partials from a directory (PRODUCT.md section 8.1): `{{> name}}` loads `name.EXT.mustache` with the
/// including template's extension (`html`, `md`, `txt`), else `name.mustache`.
///
/// Reads files, but only on demand and only inside its directory: names with `/` or a leading `.` are
/// refused, so a template cannot read arbitrary files.
public struct DirectoryPartials: PartialProvider {
    /// The partials directory.
    public let directory: String

    /// Partials from `directory` (usually `TEMPLATES_DIR/partials`).
    public init(directory: String) { self.directory = directory }

    /// The path a partial resolves to, if a file exists.
    public func path(of name: String, contentType: ContentType) -> String? {
        guard !name.contains("/"), !name.hasPrefix(".") else { return nil }
        for candidate in ["\(name).\(contentType.rawValue).mustache", "\(name).mustache"] {
            let path = PathText.join(directory, candidate)
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Loads and parses the partial, with `indentation` applied to each line.
    public func partial(named name: String, contentType: ContentType,
                        indentation: String) throws(TemplateError) -> Template? {
        if name.contains("/") || name.hasPrefix(".") {
            throw TemplateError(file: name, line: 1, column: 1,
                                message: "partial names cannot contain '/' or start with '.'")
        }
        guard let path = path(of: name, contentType: contentType) else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
              let source = String(data: data, encoding: .utf8) else {
            throw TemplateError(file: path, line: 1, column: 1, message: "cannot be read as UTF-8")
        }
        return try Template(source: Template.indent(source, by: indentation), name: path, contentType: contentType)
    }
}
