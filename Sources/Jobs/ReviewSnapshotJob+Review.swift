import CivilTime
import Config
import Cron
import Formatting
import FoundationEssentials
import JSON
import MIME
import Mail
import Postgres
import Reports
import Scheduler
import Store

extension ReviewSnapshotJob {
    /// What the review decides from beyond the figures: movers, action items and the week's escalation.
    struct Review {
        let figures: JSONValue
        let model: ReviewSnapshotModel.Review
        let escalation: (severity: Escalation.Severity, reasons: [String])
    }

    static func review(_ figures: JSONValue, week: ReportSources.Period, lastWeek: ReportSources.Period,
                       anomalies: [AnomalyStore.Anomaly], previous: (createdAt: Date, figures: JSONValue)?,
                       context: RunContext, database: Database, sources: ReportSources,
                       weekStart: Date) async throws -> Review {
        let zone = sources.zone
        var model = ReviewSnapshotModel.Review()
        let criteria = figures["criteria"]?.arrayValue ?? []
        var moversJSON: [JSONValue] = []
        for criterion in context.program.criteria {
            let unit = CriterionStatistics.unit(of: criterion.metric)
            let higher = criterion.op == .greaterThan || criterion.op == .greaterThanOrEqual
            let top = sources.scopeTenant == nil
                ? Movers.top(criterion.metric, thisWeek: week.byTenant, lastWeek: lastWeek.byTenant) : []
            // Without last week: the clients furthest from the target, so the review still knows where to look.
            let furthest = top.isEmpty && sources.scopeTenant == nil
                ? Movers.furthest(criterion.metric, target: criterion.target, higherIsBetter: higher,
                                  thisWeek: week.byTenant) : []
            let target = FigureText.target(op: criterion.op.rawValue, criterion.target, unit: unit)
            let worst = Movers.worstHour(criterion.metric, higherIsBetter: higher, hours: week.hours)
            let worstText = worst.map { hour -> String in
                let start = Int(hour.start.timeIntervalSince1970)
                return "\(HumanTime.window(start, start + 3600, in: zone)): "
                    + "\(FigureText.value(hour.value, unit: unit)) "
                    + "(n = \(FigureText.count(hour.n)) \(Movers.volumeNoun(criterion.metric)))"
            } ?? "no hour with enough data"
            model.movers.append(.object(JSONObject([
                ("label", .string(criterion.label)),
                ("tenants", .array(top.map { mover in
                    .object(JSONObject([("name", .string(mover.name)),
                        ("change", .string("\(FigureText.value(mover.lastWeek, unit: unit)) → "
                            + "\(FigureText.value(mover.thisWeek, unit: unit)), "
                            + "\(Format.fixed(mover.share * 100, 0)) % of this week's tickets"))]))
                })),
                ("has_tenants", .bool(!top.isEmpty)), ("worst_hour", .string(worstText)),
                ("furthest", .array(furthest.map { mover in
                    .object(JSONObject([("name", .string(mover.name)),
                        ("gap", .string("\(FigureText.value(mover.value, unit: unit)) against \(target), "
                            + "\(Format.fixed(mover.share * 100, 0)) % of this week's tickets"))]))
                })),
                ("has_furthest", .bool(!furthest.isEmpty)),
            ])))
            moversJSON.append(.object(JSONObject([
                ("id", .string(criterion.id)),
                ("tenants", .array(top.map { mover in
                    .object(JSONObject([("name", .string(mover.name)), ("this_week", .double(mover.thisWeek)),
                                        ("last_week", .double(mover.lastWeek)), ("share", .double(mover.share))]))
                })),
                ("worst_hour_start", worst.map { .string(TimeText.format($0.start, in: zone)) } ?? .null),
                ("worst_hour_value", worst.map { .double($0.value) } ?? .null),
            ])))
        }
        // Action items: open ones (overdue first, marked), and those done since the previous snapshot.
        let today = TimeText.localDate(context.scheduledFor, in: zone)
        let items = try await ActionStore(database: database).list(openOnly: false)
        let labels = Dictionary(context.program.criteria.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
        let since = previous?.createdAt ?? weekStart
        func row(_ item: ActionStore.Item) -> JSONValue {
            let due = TimeText.parseDate(item.due).map {
                HumanTime.day(days: CivilTime.days(year: $0.year, month: $0.month, day: $0.day))
            } ?? item.due
            return .object(JSONObject([
                ("id", .string("\(item.id)")), ("text", .string(item.text)),
                ("owner", .string((try? MailAddress.parse(item.owner))?.displayName ?? item.owner)),
                ("due", .string(due)), ("overdue", .bool(item.status == "open" && item.due < today)),
                ("criterion", .string(item.criterion.map { labels[$0] ?? $0 } ?? "")),
                ("note", .string(item.note ?? "")),
            ]))
        }
        let open = items.filter { $0.status == "open" }.sorted { ($0.due < today ? 0 : 1, $0.due, $0.id)
            < ($1.due < today ? 0 : 1, $1.due, $1.id) }
        model.actionsOpen = open.map(row)
        model.actionsDone = items.filter { $0.status == "done" && ($0.doneAt ?? .distantPast) > since }.map(row)
        // Escalation (section 8.8).
        let notMetBefore = Set((previous?.figures["criteria"]?.arrayValue ?? [])
            .filter { $0["verdict"] == .string("not_met") }.compactMap { $0["id"]?.stringValue })
        func day(_ date: Date) -> Int {
            CivilTime.floorDiv(Int(date.timeIntervalSince1970) + zone.offset(at: Int(date.timeIntervalSince1970)),
                86_400)
        }
        let inputs = Escalation.Inputs(
            verdicts: criteria.map { ($0["label"]?.stringValue ?? "", $0["id"]?.stringValue ?? "",
                                      $0["verdict"]?.stringValue ?? "no_data") },
            notMetBefore: notMetBefore,
            sourceUnavailableDays: Array(Set(anomalies.filter { $0.kind == "source_unavailable" }
                .map { day($0.windowStart) })).sorted(),
            failDays: Set(anomalies.filter { $0.severity == .fail }.map { day($0.windowStart) }),
            highThemes: (figures["themes"]?.arrayValue ?? []).filter { $0["severity"] == .string("high") }
                .compactMap { theme in
                    guard let label = theme["label"]?.stringValue else { return nil }
                    let share = theme["negative_share"]?.doubleValue.map { " (\(Format.fixed($0 * 100, 0)) % of "
                        + "negative feedback)" } ?? ""
                    return label + share
                })
        let escalation = Escalation.assess(inputs)
        model.severity = escalation.severity.rawValue
        model.reasons = escalation.reasons
        var object = figures.objectValue ?? JSONObject()
        object["movers"] = .array(moversJSON)
        object["escalation"] = .object(JSONObject([("severity", .string(escalation.severity.rawValue)),
                                                   ("reasons", .array(escalation.reasons.map(JSONValue.string)))]))
        object["action_items"] = .object(JSONObject([("open", .int(open.count)),
                                                     ("overdue", .int(open.filter { $0.due < today }.count)),
                                                     ("done_since_last", .int(model.actionsDone.count))]))
        return Review(figures: .object(object), model: model, escalation: escalation)
    }

    /// The file name of the snapshot attached to an escalation.
    static let snapshotAttachment = "weekly-review-snapshot.html"

    /// Mails `program.json` `escalation.to` once per snapshot week when the week is critical or high, with
    /// the snapshot's HTML attached; returns how many were sent.
    func escalate(_ review: Review, period: String, reportID: Int64, snapshot html: String, context: RunContext,
                  sources: ReportSources, key: String) async throws -> Int {
        let escalation = review.escalation
        guard escalation.severity >= .high, !context.program.escalationTo.isEmpty else { return 0 }
        let mail = try services.mail()
        let title = "Escalation (\(escalation.severity.rawValue)): weekly review \(period)"
        // The subject says why, so a lock screen shows it: "…: Reliability requirement NFR003 is not met".
        let reason = escalation.reasons.first.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? ""
        let subject = reason.isEmpty ? title : "\(title): \(reason)"
        // The numbers behind the reasons, and what is already promised and late.
        let criteria = Roadmap.states(review.figures["criteria"]?.arrayValue ?? [])
            .filter { $0.verdict == "not_met" || $0.verdict == "inconclusive" }
            .map { "\($0.label): \($0.verdict == "not_met" ? "not met" : "inconclusive") at \($0.reading)" }
        let overdue = review.model.actionsOpen.filter { $0["overdue"] == .bool(true) }.map { item in
            let (text, owner, due) = (item["text"]?.stringValue ?? "", item["owner"]?.stringValue ?? "",
                                      item["due"]?.stringValue ?? "")
            return "\(text) (\(owner), was due \(due))"
        }
        let ask = escalation.severity == .critical
            ? "Decide today who owns each reason above and by when it is fixed; reply to this mail with the owner."
            : "Open Monday's review with the reasons above and leave it with an owner and a date for each."
        let content = JSONValue.object(JSONObject([
            ("title", .string(title)), ("severity", .string(escalation.severity.rawValue)), ("period", .string(period)),
            ("reasons", .array(escalation.reasons.map(JSONValue.string))), ("report", .string("report \(reportID)")),
            ("attachment", .string(Self.snapshotAttachment)),
            ("scope", .string(sources.scopeName)), ("ask", .string(ask)),
            ("criteria", .array(criteria.map(JSONValue.string))), ("has_criteria", .bool(!criteria.isEmpty)),
            ("overdue", .array(overdue.map(JSONValue.string))), ("has_overdue", .bool(!overdue.isEmpty)),
        ]))
        let model = ReportSources.withFooter(content, program: context.program,
            lead: "Escalation of report \(reportID)")
        let templates = TemplateFiles(directory: context.environment.templatesDirectory)
        let text = try templates.render(Self.escalationTemplate, .text, model)
        let body = try templates.render(Self.escalationTemplate, .html, model)
        // Escalation recipients (a sponsor) may not receive the snapshot itself, so it travels with the mail.
        let snapshot = MailMessage.Attachment(fileName: Self.snapshotAttachment, contentType: "text/html",
                                              data: Data(html.utf8))
        let records = try await mail.dispatcher.deliver(context.program.escalationTo.map { recipient in
            OutgoingMail(key: "escalation:\(context.job.name):\(key):\(recipient.address.lowercased())",
                         job: context.job.name, runID: context.runID,
                         message: mail.message(to: recipient, subject: subject, text: text, html: body,
                                               attachments: [snapshot]))
        })
        return try MailService.requireDelivered(records, what: "the escalation of \(period)")
    }
}
