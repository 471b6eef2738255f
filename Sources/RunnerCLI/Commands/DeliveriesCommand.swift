import CivilTime
import Config
import FoundationEssentials
import Jobs
import JSON
import Postgres
import Store

/// `deliveries`: the mail ledger, and `deliveries resend ID` for a failed or unknown delivery.
enum DeliveriesCommand {
    static let spec = CommandSpec(
        path: ["deliveries"], summary: "the mail ledger: one row per delivery key",
        usage: "deliveries [--job JOB] [--status S] [--limit N] [--json]",
        details: "Statuses: pending, sending, sent, failed, unknown. For outbox delivery, last_reply is the .eml "
            + "file's path.",
        options: [OptionSpec(name: "job", valueName: "JOB", summary: "only this job's mail"),
                  OptionSpec(name: "status", valueName: "S", summary: "only this status"),
                  OptionSpec(name: "limit", valueName: "N", summary: "how many (default 100)"),
                  OptionSpec(name: "json", valueName: nil, summary: "print a JSON array")],
        positionals: 0...0, run: list)

    static let resendSpec = CommandSpec(
        path: ["deliveries", "resend"], summary: "send a failed or unknown delivery again, under a new attempt",
        usage: "deliveries resend ID",
        details: "An 'unknown' delivery may already be in the recipient's mailbox: resend only when you know it is "
            + "not.",
        options: [], positionals: 1...1, run: resend)

    static func list(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        let statusFilter = arguments.options["status"].flatMap(DeliveryStatus.init(rawValue:))
        if let status = arguments.options["status"], statusFilter == nil {
            let known = DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")
            context.complain("error: --status: \"\(status)\" is not one of \(known)")
            return .usage
        }
        let limit = Int(arguments.options["limit"] ?? "100") ?? 0
        guard limit >= 1 else {
            context.complain("error: --limit must be a positive number")
            return .usage
        }
        guard let url = context.databaseURL() else { return .usage }
        do {
            let records = try await DeliveryStore(database: Database(url)).list(job: arguments.options["job"],
                                                                                status: statusFilter,
                                                                                limit: limit)
            var listing = Listing(columns: ["id", "key", "recipient", "status", "attempts", "last_reply", "message_id",
                                            "sent_at", "error"])
            let utc = Zone.utc
            for r in records {
                listing.add([.number(JSONNumber(text: String(r.id))), .string(r.key), .string(r.recipient),
                             .string(r.status.rawValue), .int(r.attempts),
                             r.lastReply.map(JSONValue.string) ?? .null, .string(r.messageID), Listing.time(r.sentAt,
                                     in: utc),
                             r.error.map(JSONValue.string) ?? .null])
            }
            context.write(listing.render(json: arguments.flags.contains("json")))
            return .success
        } catch {
            context.logger.error("cannot read the mail ledger", ["error": "\(error)"])
            return .failure
        }
    }

    static func resend(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let id = Int64(arguments.positionals[0]) else {
            context.complain("error: \"\(arguments.positionals[0])\" is not a delivery id (see 'baseline-runner "
                + "deliveries')")
            return .usage
        }
        guard let environment = context.environment(), let url = context.databaseURL() else { return .usage }
        let database = Database(url)
        do {
            let mail = try MailService(environment: environment, database: database, logger: context.logger)
            guard let record = try await mail.dispatcher.resend(id: id, sender: mail.sender.address) else {
                let current = try await DeliveryStore(database: database).record(id: id)
                context.complain("error: delivery \(id) "
                    + (current.map { "is \($0.status); only failed or unknown deliveries are resent" }
                        ?? "does not exist"))
                return .failure
            }
            context.print("delivery \(id): \(record.status) after attempt \(record.attempts)"
                + (record.error.map { " (\($0))" } ?? ""))
            return record.status == .sent ? .success : .failure
        } catch {
            context.logger.error("resend failed", ["error": "\(error)"])
            return .failure
        }
    }
}
