import FoundationEssentials
import JSON
import Program

extension CatalogLoader {
    static let backlogFile = "backlog.json"

    /// Reads the optional `backlog.json`: an array of `{id, title, effort, criteria, themes}` whose criterion
    /// and theme ids must be declared in `program` (errors name the file, the item and the field).
    func readBacklog(file: String, program: ProgramDefinition?) -> [BacklogItem] {
        guard let data = FileManager.default.contents(atPath: file) else {
            diagnostics.report(file: file, field: nil, line: nil, "cannot be read")
            return []
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        } catch {
            diagnostics.report(ConfigError(file: file, field: nil, line: error.line, column: error.column,
                                           message: "invalid JSON: \(error.message)"))
            return []
        }
        guard let array = value.arrayValue else {
            diagnostics.report(file: file, field: nil, line: 1,
                "expected an array of backlog items, found \(value.typeName)")
            return []
        }
        let criteria = Set((program?.criteria ?? []).map(\.id))
        let themes = Set((program?.themes ?? []).map(\.id))
        var items: [BacklogItem] = []
        var ids = Set<String>()
        for (index, element) in array.enumerated() {
            let path = "[\(index)]"
            guard let object = element.objectValue else {
                diagnostics.report(file: file, field: path, line: nil, "expected an object, found \(element.typeName)")
                continue
            }
            var reader = FieldReader(file: file, path: path, object: object, diagnostics: diagnostics)
            let id = reader.string("id", required: true)
            if let id, !ids.insert(id).inserted { reader.fail("id", "duplicate backlog id \"\(id)\"") }
            let title = reader.string("title", required: true)
            let effort = reader.choice("effort", BacklogItem.Effort.self)
            if object["effort"] == nil { _ = reader.value("effort", required: true) }
            let moves = reader.strings("criteria") ?? []
            let addresses = reader.strings("themes") ?? []
            for (position, criterion) in moves.enumerated() where program != nil && !criteria.contains(criterion) {
                diagnostics.report(file: file, field: "\(path).criteria[\(position)]", line: reader.line("criteria"),
                                   "\"\(criterion)\" is not a criterion id of program.json (declared: "
                                       + "\(criteria.sorted().joined(separator: ", ")))")
            }
            for (position, theme) in addresses.enumerated() where program != nil && !themes.contains(theme) {
                diagnostics.report(file: file, field: "\(path).themes[\(position)]", line: reader.line("themes"),
                                   "\"\(theme)\" is not a theme id (declared: "
                                       + "\(themes.sorted().joined(separator: ", ")))")
            }
            reader.finish()
            if let id, let title, let effort {
                items.append(BacklogItem(id: id, title: title, effort: effort, criteria: moves, themes: addresses))
            }
        }
        return items
    }
}
