import Formatting
import FoundationEssentials
import JSON
import Config
import Templates

/// `template render FILE`: renders one template to standard output, exactly.
enum TemplateRenderCommand {
    static let spec = CommandSpec(
        path: ["template", "render"], summary: "render one template to stdout, exactly (no added newline)",
        usage: "template render FILE [--context JSON_FILE] [--partials DIR]",
        details: """
            The content type comes from the file name: NAME.html.mustache escapes & < > " ', NAME.md.mustache escapes |
            in values, NAME.txt.mustache escapes nothing. Partials come from DIR (default: the 'partials' folder next
            to FILE). Errors name the file, line and column.
            """,
        options: [OptionSpec(name: "context", valueName: "JSON_FILE",
                             summary: "the view model (default: empty object)"),
                  OptionSpec(name: "partials", valueName: "DIR", summary: "the partials directory")],
        positionals: 1...1, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        let file = arguments.positionals[0]
        let name = PathText.lastComponent(file)
        guard let contentType = ContentType(fileName: name) else {
            context.complain("error: \(file): the name must end in .html.mustache, .md.mustache or .txt.mustache")
            return .usage
        }
        guard let source = read(file, context) else { return .usage }
        var model = JSONValue.object(JSONObject())
        if let contextFile = arguments.options["context"] {
            guard let text = read(contextFile, context) else { return .usage }
            do {
                model = try JSONParser.parse(text)
            } catch {
                context.complain("error: \(contextFile):\(error.line):\(error.column): invalid JSON: \(error.message)")
                return .usage
            }
        }
        let partialsDirectory = arguments.options["partials"]
            ?? PathText.join(PathText.parent(file), "partials")
        do {
            let template = try Template(source: source, name: file, contentType: contentType)
            context.write(try template.render(model, partials: DirectoryPartials(directory: partialsDirectory)))
            return .success
        } catch {
            context.complain("error: \(error)")
            return .usage
        }
    }

    private static func read(_ path: String, _ context: CommandContext) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            context.complain("error: \(path): cannot be read")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            context.complain("error: \(path): is not valid UTF-8")
            return nil
        }
        return text
    }
}
