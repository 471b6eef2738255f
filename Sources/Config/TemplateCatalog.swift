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
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            return [ConfigError(file: directory, field: nil,
                                message: "cannot read the templates directory (set TEMPLATES_DIR)")]
        }
        let partialsDirectory = PathText.join(directory, "partials")
        let partials = DirectoryPartials(directory: partialsDirectory)
        let partialFiles = ((try? FileManager.default.contentsOfDirectory(atPath: partialsDirectory)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.sorted()

        func check(_ path: String, contentType: ContentType) -> Template? {
            guard let data = FileManager.default.contents(atPath: path),
                  let source = String(data: data, encoding: .utf8) else {
                errors.append(ConfigError(file: path, field: nil, message: "cannot be read as UTF-8"))
                return nil
            }
            do {
                return try Template(source: source, name: path, contentType: contentType)
            } catch {
                errors.append(ConfigError(file: path, field: nil, line: error.line, column: error.column,
                                          message: error.message))
                return nil
            }
        }

        for name in files {
            let path = PathText.join(directory, name)
            guard let contentType = ContentType(fileName: name) else {
                errors.append(ConfigError(file: path, field: nil,
                                          message: "template names end in .html.mustache, .md.mustache or "
                                              + ".txt.mustache (partials go in partials/)"))
                continue
            }
            guard let template = check(path, contentType: contentType) else { continue }
            for partial in template.partialNames where partials.path(of: partial, contentType: contentType) == nil {
                errors.append(ConfigError(file: path, field: nil,
                                          message: "includes partial \"\(partial)\", but there is no "
                                          + "\(partial).\(contentType.rawValue).mustache or \(partial).mustache in "
                                              + "\(partialsDirectory)"))
            }
            if let cycle = partialCycle(from: template, contentType: contentType, partials: partials) {
                errors.append(ConfigError(file: path, field: nil,
                    message: "partials include themselves (\(cycle.joined(separator: " → "))): "
                                          + "the report's data never ends such a recursion; break the cycle"))
            }
        }
        for name in partialFiles {
            let path = PathText.join(partialsDirectory, name)
            let contentType = ContentType(fileName: name) ?? .text
            guard let template = check(path, contentType: contentType) else { continue }
            let partialName = String(name.dropLast(".mustache".count).split(separator: ".").first ?? "")
            if let cycle = partialCycle(from: template, named: partialName, contentType: contentType,
                partials: partials) {
                errors.append(ConfigError(file: path, field: nil,
                    message: "partials include themselves (\(cycle.joined(separator: " → "))): "
                                          + "the report's data never ends such a recursion; break the cycle"))
            }
        }
        return errors
    }

    /// The first chain of partials that leads back to one of its members, if the template reaches one.
    static func partialCycle(from template: Template, named start: String? = nil, contentType: ContentType,
                             partials: DirectoryPartials) -> [String]? {
        var finished = Set<String>()
        func visit(_ name: String, chain: [String]) -> [String]? {
            if let start = chain.firstIndex(of: name) { return Array(chain[start...]) + [name] }
            guard !finished.contains(name),
                  let partial = try? partials.partial(named: name, contentType: contentType,
                      indentation: "") else { return nil }
            for next in partial.partialNames {
                if let cycle = visit(next, chain: chain + [name]) { return cycle }
            }
            finished.insert(name)
            return nil
        }
        for name in template.partialNames {
            if let cycle = visit(name, chain: start.map { [$0] } ?? []) { return cycle }
        }
        return nil
    }
}
