import Formatting
import FoundationEssentials
import JSON
import Templates

/// Renders named templates of `TEMPLATES_DIR` (`NAME.EXT.mustache`) with its `partials/`.
public struct TemplateFiles: Sendable {
    /// `TEMPLATES_DIR`.
    public let directory: String

    /// Templates from `directory`.
    public init(directory: String) { self.directory = directory }

    /// Renders `NAME.EXT.mustache` with `model`.
    public func render(_ name: String, _ type: ContentType, _ model: JSONValue) throws -> String {
        let path = PathText.join(directory, "\(name).\(type.rawValue).mustache")
        guard let data = FileManager.default.contents(atPath: path),
              let source = String(data: data, encoding: .utf8) else {
            throw TemplateError(file: path, line: 1, column: 1,
                                message: "template missing or unreadable (TEMPLATES_DIR)")
        }
        let partials = DirectoryPartials(directory: PathText.join(directory, "partials"))
        return try Template(source: source, name: path, contentType: type).render(model, partials: partials)
    }
}
