import CivilTime
import Config
import Cron
import Formatting
import FoundationEssentials
import JSON
import MIME
import Postgres
import Store

/// `actions add|list|done`: the weekly review's action items (PRODUCT.md section 8.8), listed in every
/// snapshot until done.
enum ActionsCommand {
    static let addSpec = CommandSpec(
        path: ["actions", "add"], summary: "record an action item from the weekly review",
        usage: "actions add TEXT --owner ADDRESS --due DATE [--criterion ID]",
        details: "TEXT is one line (at most 500 characters); --owner an address; --due a date like 2026-12-14; "
            + "--criterion the id of the program.json criterion it serves.",
        options: [OptionSpec(name: "owner", valueName: "ADDRESS", summary: "who does it (required)"),
                  OptionSpec(name: "due", valueName: "DATE", summary: "by when, YYYY-MM-DD (required)"),
                  OptionSpec(name: "criterion", valueName: "ID", summary: "the criterion it serves")],
        positionals: 1...1, run: add)

    static let listSpec = CommandSpec(
        path: ["actions", "list"], summary: "list action items, open ones first",
        usage: "actions list [--open] [--json]", details: "",
        options: [OptionSpec(name: "open", valueName: nil, summary: "only open items"),
                  OptionSpec(name: "json", valueName: nil, summary: "print a JSON array")],
        positionals: 0...0, run: list)

    static let doneSpec = CommandSpec(
        path: ["actions", "done"], summary: "mark an action item done",
        usage: "actions done ID [--note TEXT]", details: "",
        options: [OptionSpec(name: "note", valueName: "TEXT", summary: "what was done (one line)")],
        positionals: 1...1, run: done)

    static func add(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        let text = arguments.positionals[0].trimmed
        if text.isEmpty { context.complain("error: TEXT is empty: say what is to be done"); return .usage }
        if let problem = TextArgument.problem(text) { context.complain("error: TEXT \(problem)"); return .usage }
        guard let ownerText = arguments.options["owner"] else {
            context.complain("error: --owner is required: the address of whoever does it")
            return .usage
        }
        let owner: MailAddress
        do { owner = try MailAddress.parse(ownerText) } catch {
            context.complain("error: --owner: \(error)")
            return .usage
        }
        guard let due = arguments.options["due"], TimeText.parseDate(due) != nil else {
            context.complain("error: --due is required and must be a date like 2026-12-14")
            return .usage
        }
        let criterion = arguments.options["criterion"]
        if let criterion {
            guard let (_, catalog) = context.configuration() else { return .usage }
            let ids = catalog.program.criteria.map(\.id)
            guard ids.contains(criterion) else {
                context.complain("error: --criterion \"\(criterion)\" is not a criterion of program.json; declared: "
                    + ids.joined(separator: ", "))
                return .usage
            }
        }
        guard let url = context.databaseURL() else { return .usage }
        do {
            let item = try await ActionStore(database: Database(url)).add(text: text, owner: owner.description,
                due: due,
                                                                          criterion: criterion)
            context.print("action \(item.id) added: \(item.text) (\(item.owner), due \(item.due))")
            return .success
        } catch {
            context.logger.error("cannot add the action item", ["error": "\(error)"])
            return .failure
        }
    }

    static func list(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let url = context.databaseURL() else { return .usage }
        do {
            let items = try await ActionStore(database: Database(url)).list(openOnly: arguments.flags.contains("open"))
            var listing = Listing(columns: ["id", "text", "owner", "due", "criterion", "status", "created_at",
                "done_at",
                                            "note"])
            for item in items {
                listing.add([.number(JSONNumber(text: String(item.id))), .string(item.text), .string(item.owner),
                             .string(item.due), item.criterion.map(JSONValue.string) ?? .null, .string(item.status),
                             Listing.time(item.createdAt, in: Zone.utc), Listing.time(item.doneAt, in: Zone.utc),
                             item.note.map(JSONValue.string) ?? .null])
            }
            context.write(listing.render(json: arguments.flags.contains("json")))
            return .success
        } catch {
            context.logger.error("cannot list action items", ["error": "\(error)"])
            return .failure
        }
    }

    static func done(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let id = Int64(arguments.positionals[0]) else {
            context.complain("error: \"\(arguments.positionals[0])\" is not an action id "
                + "(see 'baseline-runner actions list')")
            return .usage
        }
        let note = arguments.options["note"]
        if let note,
            let problem = TextArgument.problem(note) { context.complain("error: --note \(problem)"); return .usage }
        guard let url = context.databaseURL() else { return .usage }
        do {
            guard let (item, changed) = try await ActionStore(database: Database(url)).done(id: id, note: note) else {
                context.complain("error: no action item \(id)")
                return .failure
            }
            context.print(changed ? "action \(id) done: \(item.text)"
                : "action \(id) was already done (\(Listing.time(item.doneAt, in: Zone.utc).stringValue ?? ""))")
            return .success
        } catch {
            context.logger.error("cannot update the action item", ["error": "\(error)"])
            return .failure
        }
    }
}
