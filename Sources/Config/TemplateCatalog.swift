import Formatting
import FoundationEssentials
import Templates

/// The templates of `TEMPLATES_DIR`: every file parses, every included partial exists.
public enum TemplateCatalog {
    /// Parses every `*.mustache` file under `directory` (and `directory/partials`) and reports each problem
    /// with file, line and column.
    public static func validate(directory: String) -> [ConfigError] {
        var errors: [ConfigError] = []
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            return [ConfigError(file: directory, field: nil, message: "cannot read the templates directory (set TEMPLATES_DIR)")]
        }
        let partialsDirectory = PathText.join(directory, "partials")
        let partials = DirectoryPartials(directory: partialsDirectory)
        let partialFiles = ((try? FileManager.default.contentsOfDirectory(atPath: partialsDirectory)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.sorted()

        func check(_ path: String, contentType: ContentType) -> Template? {
            guard let data = FileManager.default.contents(atPath: path), let source = String(data: data, encoding: .utf8) else {
                errors.append(ConfigError(file: path, field: nil, message: "cannot be read as UTF-8"))
                return nil
            }
            do {
                return try Template(source: source, name: path, contentType: contentType)
            } catch {
                errors.append(ConfigError(file: path, field: nil, line: error.line, column: error.column, message: error.message))
                return nil
            }
        }

        for name in files {
            let path = PathText.join(directory, name)
            guard let contentType = ContentType(fileName: name) else {
                errors.append(ConfigError(file: path, field: nil,
                                          message: "template names end in .html.mustache, .md.mustache or .txt.mustache (partials go in partials/)"))
                continue
            }
            guard let template = check(path, contentType: contentType) else { continue }
            for partial in template.partialNames where partials.path(of: partial, contentType: contentType) == nil {
                errors.append(ConfigError(file: path, field: nil, message: "includes partial \"\(partial)\", but there is no "
                                          + "\(partial).\(contentType.rawValue).mustache or \(partial).mustache in \(partialsDirectory)"))
            }
        }
        for name in partialFiles {
            _ = check(PathText.join(partialsDirectory, name), contentType: ContentType(fileName: name) ?? .text)
        }
        return errors
    }
}
