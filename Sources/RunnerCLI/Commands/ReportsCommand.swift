import CivilTime
import Config
import FoundationEssentials
import JSON
import Postgres
import Store

/// `reports`: archived reports; `reports show ID` prints one as Markdown, HTML or its figures JSON.
enum ReportsCommand {
    static let spec = CommandSpec(
        path: ["reports"], summary: "archived reports", usage: "reports [--limit N] [--json]",
        details: "Times are printed in UTC.",
        options: [OptionSpec(name: "limit", valueName: "N", summary: "how many (default 50)"),
                  OptionSpec(name: "json", valueName: nil, summary: "print a JSON array")],
        positionals: 0...0, run: list)

    static let showSpec = CommandSpec(
        path: ["reports", "show"], summary: "print one archived report",
            usage: "reports show ID [--format markdown|html|json|deck]",
        details: "json prints the report's figures object (PRODUCT.md section 8.3).",
        options: [OptionSpec(name: "format", valueName: "F", summary: "markdown (default), html, json or deck")],
        positionals: 1...1, run: show)

    static func list(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let limit = Int(arguments.options["limit"] ?? "50"), limit > 0 else {
            context.complain("error: --limit must be a positive number")
            return .usage
        }
        guard let url = context.databaseURL() else { return .usage }
        do {
            let reports = try await ReportStore(database: Database(url)).list(limit: limit)
            var listing = Listing(columns: ["id", "job", "kind", "period_start", "period_end", "tenant_id",
                                            "created_at"])
            let utc = Zone.utc
            for r in reports {
                listing.add([.number(JSONNumber(text: String(r.id))), .string(r.job), .string(r.kind),
                             Listing.time(r.periodStart, in: utc),
                             Listing.time(r.periodEnd, in: utc),
                             r.tenantID.map { .string($0.uuidString.lowercased()) } ?? .null,
                             Listing.time(r.createdAt, in: utc)])
            }
            context.write(listing.render(json: arguments.flags.contains("json")))
            return .success
        } catch {
            context.logger.error("cannot read reports", ["error": "\(error)"])
            return .failure
        }
    }

    static func show(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        let format = arguments.options["format"] ?? "markdown"
        guard ["markdown", "html", "json", "deck"].contains(format) else {
            context.complain("error: --format: \"\(format)\" is not markdown, html, json or deck")
            return .usage
        }
        guard let id = Int64(arguments.positionals[0]) else {
            context.complain("error: \"\(arguments.positionals[0])\" is not a report id (see 'baseline-runner "
                + "reports')")
            return .usage
        }
        guard let url = context.databaseURL() else { return .usage }
        do {
            guard let report = try await ReportStore(database: Database(url)).report(id: id) else {
                context.complain("error: no report \(id)")
                return .failure
            }
            switch format {
            case "html": context.write(report.html ?? "")
            case "json": context.print((report.figures ?? .null).prettyJSONText)
            case "deck":
                guard let deck = report.deck else {
                    context.complain("error: report \(id) (\(report.kind)) has no deck; baseline reports have one")
                    return .failure
                }
                context.write(deck)
            default: context.write(report.markdown ?? "")
            }
            return .success
        } catch {
            context.logger.error("cannot read the report", ["error": "\(error)"])
            return .failure
        }
    }
}
