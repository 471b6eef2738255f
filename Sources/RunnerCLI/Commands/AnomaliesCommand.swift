import CivilTime
import Config
import Cron
import Formatting
import FoundationEssentials
import JSON
import Postgres
import Store

/// `anomalies`: the anomaly log, and `anomalies exclude|include ID` to decide what baseline figures leave out.
enum AnomaliesCommand {
    static let spec = CommandSpec(
        path: ["anomalies"], summary: "the anomaly log of the data-quality check",
        usage: "anomalies [--since TIME] [--json]",
        details: "--since lists anomalies whose window ends after TIME (RFC 3339; without an offset, UTC). Times are "
            + "printed in UTC.",
        options: [OptionSpec(name: "since", valueName: "TIME", summary: "only anomalies whose window ends after TIME"),
                  OptionSpec(name: "json", valueName: nil, summary: "print a JSON array")],
        positionals: 0...0, run: list)

    static let excludeSpec = CommandSpec(
        path: ["anomalies", "exclude"], summary: "leave an anomaly's window out of baseline figures, with a reason",
        usage: "anomalies exclude ID --reason TEXT",
        details: "The reason appears in every report that uses the window.",
        options: [OptionSpec(name: "reason", valueName: "TEXT",
                             summary: "why (required)")], positionals: 1...1, run: exclude)

    static let includeSpec = CommandSpec(
        path: ["anomalies", "include"], summary: "put an anomaly's window back into baseline figures",
        usage: "anomalies include ID", details: "", options: [], positionals: 1...1, run: include)

    static func list(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        var since: Date?
        if let text = arguments.options["since"] {
            guard let parsed = TimeText.parse(text, in: Zone.utc) else {
                context.complain("error: --since: \"\(text)\" is not a time like 2026-12-01T00:00:00-05:00")
                return .usage
            }
            since = parsed
        }
        guard let url = context.databaseURL() else { return .usage }
        do {
            let anomalies = try await AnomalyStore(database: Database(url)).list(since: since)
            var listing = Listing(columns: ["id", "kind", "metric", "tenant_id", "severity", "window_start",
                                            "window_end", "observed",
                                            "expected", "message", "excluded", "exclusion_reason", "detected_at",
                                            "run_id"])
            let utc = Zone.utc
            for a in anomalies {
                listing.add([.number(JSONNumber(text: String(a.id ?? 0))), .string(a.kind), .string(a.metric),
                             a.tenantID.map { .string($0.uuidString.lowercased()) } ?? .null,
                             .string(a.severity.rawValue),
                             Listing.time(a.windowStart, in: utc), Listing.time(a.windowEnd, in: utc),
                             a.observed.map(JSONValue.double) ?? .null, a.expected.map(JSONValue.double) ?? .null,
                             .string(a.message),
                             .bool(a.excluded), a.exclusionReason.map(JSONValue.string) ?? .null,
                             Listing.time(a.detectedAt, in: utc),
                             a.runID.map { .number(JSONNumber(text: String($0))) } ?? .null])
            }
            context.write(listing.render(json: arguments.flags.contains("json")))
            return .success
        } catch {
            context.logger.error("cannot read the anomaly log", ["error": "\(error)"])
            return .failure
        }
    }

    static func exclude(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let reason = arguments.options["reason"], !reason.trimmed.isEmpty else {
            context.complain("error: --reason is required: say why the window is left out (it appears in reports)")
            return .usage
        }
        if let problem = TextArgument.problem(reason) {
            context.complain("error: --reason \(problem)")
            return .usage
        }
        return await set(arguments, context, excluded: true, reason: reason)
    }

    static func include(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        await set(arguments, context, excluded: false, reason: nil)
    }

    private static func set(_ arguments: ParsedArguments, _ context: CommandContext, excluded: Bool,
                            reason: String?) async -> ExitStatus {
        guard let id = Int64(arguments.positionals[0]) else {
            context.complain("error: \"\(arguments.positionals[0])\" is not an anomaly id (see 'baseline-runner "
                + "anomalies')")
            return .usage
        }
        guard let url = context.databaseURL() else { return .usage }
        do {
            guard let anomaly = try await AnomalyStore(database: Database(url)).setExcluded(id: id, excluded: excluded,
                    reason: reason) else {
                context.complain("error: no anomaly \(id)")
                return .failure
            }
            context.print("anomaly \(id) (\(anomaly.kind), \(anomaly.metric)) is now "
                + "\(excluded ? "excluded" : "included")")
            return .success
        } catch {
            context.logger.error("cannot update the anomaly", ["error": "\(error)"])
            return .failure
        }
    }
}
