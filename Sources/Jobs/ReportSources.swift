import CivilTime
import Config
import Cron
import FoundationEssentials
import JSON
import MIME
import Mail
import PlatformData
import Postgres
import Program
import Prometheus
import Reports
import Scheduler
import Store

/// What the report kinds share: tenants in scope, local days, anomalies and excluded windows of a
/// period, the figures object (section 8.3), and mailing a rendered report.
struct ReportSources {
    let program: ProgramDefinition
    let database: Database
    let platform: PlatformDatabase
    let source: PeriodFigureSource
    let scopeTenant: UUID?
    let tenants: [UUID]
    /// The tenants in scope with their registry names.
    let named: [ReportFigures.Tenant]

    init(context: RunContext, database: Database) async throws {
        guard let prometheusURL = context.environment.prometheusURL else {
            throw JobFailure("PROMETHEUS_URL is not set; reports read metrics from Prometheus")
        }
        program = context.program
        self.database = database
        platform = PlatformDatabase(database: database)
        source = PeriodFigureSource(prometheus: PrometheusClient(baseURL: prometheusURL), platform: platform,
                                    queries: program.queries)
        var registry = try await platform.tenants()
        if case .list(let wanted) = program.tenants { registry = registry.filter { wanted.contains($0.id) } }
        let all = registry.map(\.id)
        scopeTenant = context.job.params.tenant("tenant")
        if let scopeTenant, !all.contains(scopeTenant) {
            throw JobFailure("params.tenant \(scopeTenant.uuidString.lowercased()) is not a tenant of this program "
                             + "(not in tenant_configs, or not in program.json tenants); a report of it would hold no "
                                 + "data")
        }
        tenants = scopeTenant.map { [$0] } ?? all
        let scope = scopeTenant
        named = registry.filter { tenant in scope.map { $0 == tenant.id } ?? true }
            .map { ReportFigures.Tenant(id: $0.id, name: $0.name
            ?? "Unnamed tenant \($0.id.uuidString.prefix(8).lowercased())") }
    }

    var zone: Zone { program.baseline.timeZone }

    /// `count` consecutive local days from `first`.
    func localDays(from first: LocalDay, count: Int) -> [LocalDay] {
        var days = [first]
        while days.count < count { days.append(days[days.count - 1].next) }
        return days
    }

    /// Anomalies whose window overlaps `[start, end)` and concern the scope.
    func anomalies(start: Date, end: Date) async throws -> [AnomalyStore.Anomaly] {
        try await AnomalyStore(database: database).list(since: start).filter { anomaly in
            anomaly.windowStart < end && (scopeTenant == nil || anomaly.tenantID == nil
                || anomaly.tenantID == scopeTenant)
        }
    }

    /// A period's figures and what they were computed from.
    struct Period {
        /// The figures object (section 8.3).
        let json: JSONValue
        /// The scope's source figures added up.
        let total: PeriodFigureSource.Figures
        /// The scope's figures and its days', for comparisons.
        let side: BaselineComparison.Side
        /// Each tenant's figures over the period, keyed by name (for movers).
        let byTenant: [String: ScopeFigures]
        /// The scope's figures hour by hour (for the worst hour).
        let hours: [(start: Date, figures: ScopeFigures)]
    }

    /// The figures object of `days` with the excluded anomalies' windows left out: the sources are read
    /// once for the whole period (grouped by tenant), then every tenant, day and hour is computed in memory.
    /// `hourly` adds the hour-by-hour figures (the snapshot's worst hour); each hour rescans the period's
    /// samples, so reports that do not show hours leave it off.
    func figures(days: [LocalDay], anomalies: [AnomalyStore.Anomaly],
                 survey: ReportFigures.Survey? = nil, hourly: Bool = false) async throws -> Period {
        let start = days.first!.start, end = days.last!.end
        let excluded = anomalies.filter(\.excluded)
        let windows = excluded.map { ($0.windowStart, $0.windowEnd) }
        let data = try await source.fetch(tenants: tenants, start: start, end: end)
        var window: [UUID: PeriodFigureSource.Figures] = [:]
        for tenant in tenants { window[tenant] = data.figures(tenants: [tenant], start: start, end: end,
            excluded: windows) }
        let daily = days.map { day in
            ReportFigures.Day(date: day.date, perTenant: Dictionary(uniqueKeysWithValues: tenants.map { tenant in
                (tenant, data.figures(tenants: [tenant], start: day.start, end: day.end, excluded: windows))
            }))
        }
        let figures = ReportFigures.build(program: program, tenantID: scopeTenant, tenants: named, start: start,
            end: end, window: window, days: daily, excluded: excluded.map {
                ReportFigures.ExcludedWindow(kind: $0.kind, start: $0.windowStart, end: $0.windowEnd,
                                             reason: $0.exclusionReason)
            }, survey: survey)
        let rate = program.roi.hourlyRate
        var byTenant: [String: ScopeFigures] = [:]
        for tenant in named {
            if let figures = window[tenant.id] { byTenant[tenant.name] = ScopeFigures([figures], days: days.count,
                hourlyRate: rate) }
        }
        var hours: [(start: Date, figures: ScopeFigures)] = []
        var hour = start
        while hourly && hour < end {
            let next = min(hour.addingTimeInterval(3600), end)
            let parts = tenants.map { data.figures(tenants: [$0], start: hour, end: next, excluded: windows) }
            hours.append((hour, ScopeFigures(parts, days: 1, hourlyRate: rate)))
            hour = next
        }
        return Period(json: figures, total: PeriodFigureSource.Figures.combined(Array(window.values)),
                      side: ReportFigures.series(program: program, tenants: named, window: window, days: daily,
                                                 survey: survey),
                      byTenant: byTenant, hours: hours)
    }

    /// Rating distribution and comments of the scope over `[start, end)`, newest comments first.
    func feedback(start: Date, end: Date, commentLimit: Int) async throws -> PlatformDatabase.FeedbackDetails {
        var details = PlatformDatabase.FeedbackDetails(distribution: [:], comments: [])
        for tenant in tenants {
            let part = try await platform.feedbackDetails(tenant: tenant, start: start, end: end,
                                                          commentLimit: commentLimit)
            for (value, count) in part.distribution { details.distribution[value, default: 0] += count }
            details.comments += part.comments
        }
        details.comments.sort { $0.createdAt > $1.createdAt }
        details.comments = Array(details.comments.prefix(commentLimit))
        return details
    }

    /// The themes and the ranked roadmap added to `figures` (section 8.7): every in-product comment of the
    /// period (as `feedback(start:end:commentLimit:)` read them) and the survey's comments (negative when the
    /// respondent's overall answer was 1–2), matched against `program.json` themes; the backlog ranked by the
    /// figures' own verdicts.
    func withPriorities(_ figures: JSONValue, feedback: [PlatformDatabase.FeedbackDetails.Comment],
                        survey: [SurveyStore.Answer]) -> JSONValue {
        guard var object = figures.objectValue else { return figures }
        var comments = feedback.map { comment in
            FeedbackThemes.Comment(text: comment.text,
                negative: comment.type == "thumbs_down" || (comment.type == "rating" && (comment.rating ?? 5) <= 2),
                createdAt: comment.createdAt)
        }
        var overall: [String: Int] = [:]
        for answer in survey where answer.question == "overall" { overall[answer.respondent] = answer.value }
        for answer in survey {
            guard let text = answer.comment, !text.isEmpty else { continue }
            let value = overall[answer.respondent] ?? 5
            comments.append(FeedbackThemes.Comment(text: text, negative: value <= 2, createdAt: answer.respondedAt))
        }
        let themes = FeedbackThemes.analyse(comments, themes: program.themes)
        object["themes"] = FeedbackThemes.json(themes)
        let unmatched = FeedbackThemes.unmatchedNegative(comments, themes: program.themes)
        object["themes_unmatched"] = .object(JSONObject([("negative_unmatched", .int(unmatched.unmatched)),
                                                         ("negative_comments", .int(unmatched.negative))]))
        let states = Roadmap.states(object["criteria"]?.arrayValue ?? [])
        object["roadmap"] = Roadmap.json(Roadmap.rank(program.backlog, criteria: states, themes: themes))
        return .object(object)
    }

    /// A report kind's rendered bodies: the id reserved (none for a dry run), the footer added, Markdown and
    /// HTML rendered from `params.template` (or its default).
    struct Rendered {
        let reportID: Int64?
        let model: JSONValue
        let markdown: String
        let html: String
    }

    /// Reserves the report's id, adds the footer and renders the kind's templates (the step the report kinds
    /// share between building their view model and archiving).
    func render(_ content: JSONValue, context: RunContext, store: ReportStore,
                through end: Date) async throws -> Rendered {
        let reportID = context.dryRun ? nil : try await store.reserveID()
        let model = Self.withFooter(content, context: context, reportID: reportID, through: end)
        let templates = TemplateFiles(directory: context.environment.templatesDirectory)
        let name = context.job.params.string("template")!  // declared with a default by each report kind
        return Rendered(reportID: reportID, model: model, markdown: try templates.render(name, .markdown, model),
                        html: try templates.render(name, .html, model))
    }

    /// The scope in words: `Acme Managed IT` or `All 3 tenants`.
    var scopeName: String {
        scopeTenant == nil ? "All \(tenants.count) tenant\(tenants.count == 1 ? "" : "s")"
            : named.first?.name ?? "One tenant"
    }

    /// A tenant's registry name; `all tenants` for nil (series without a tenant label).
    func tenantName(_ id: UUID?) -> String {
        guard let id else { return "all tenants" }
        return named.first { $0.id == id }?.name ?? "Unnamed tenant \(id.uuidString.prefix(8).lowercased())"
    }

    /// The queries the figures ran, exactly, with a per-tenant report's tenant id shown as `$TENANT` (the
    /// id itself is in the figures JSON, not in a body people read), and a note on how they ran.
    func queryAppendix() -> (queries: [String], note: String) {
        let texts = source.queryTexts(tenants: tenants)
        var queries = [texts.status, texts.latency, texts.before, texts.after, PlatformDatabase.feedbackRowsSQL]
        var note = "PromQL range queries at a \(source.step) s step over the period, in day-long requests; the SQL "
            + "once per tenant inside its row-level-security context."
        if let scopeTenant {
            let id = scopeTenant.uuidString.lowercased()
            queries = queries.map { $0.replacing(id, with: "$TENANT") }
            note += " $TENANT is the tenant id of \(scopeName) (tenant_id in the figures JSON)."
        }
        return (queries, note)
    }

    /// The model with what the shared footer partial shows people: the report id (nil for a dry run),
    /// when it was generated, and the dashboard link when `program.json` has `dashboardUrl`.
    static func withFooter(_ model: JSONValue, context: RunContext, reportID: Int64?, through end: Date) -> JSONValue {
        let last = HumanTime.day(Int(end.timeIntervalSince1970) - 1, in: context.program.baseline.timeZone)
        return withFooter(model, program: context.program,
                          lead: (reportID.map { "Report \($0)" } ?? "Not archived (dry run)")
                              + " · data through \(last)")
    }

    /// The footer fields after `lead` (`Report 12`, `Data-quality check of Mon 7 Dec`); never a host name
    /// or a command line (PRODUCT.md section 7, "Footers").
    static func withFooter(_ model: JSONValue, program: ProgramDefinition, lead: String) -> JSONValue {
        guard var object = model.objectValue else { return model }
        let generated = HumanTime.dateTime(Int(Date().timeIntervalSince1970), in: program.baseline.timeZone)
        object["footer"] = .string("\(lead) · generated \(generated) by baseline-runner")
        object["dashboard_url"] = .string(program.dashboardURL ?? "")
        return .object(object)
    }

    /// Mails a rendered report to `params.to`, once per key and recipient; returns how many were sent.
    /// `deck` goes, attached, to the recipients of `params.deckTo` (who get the report too).
    func mail(_ services: JobServices, context: RunContext, key: String, subject: String, text: String, html: String,
              attachments: [MailMessage.Attachment], deck: MailMessage.Attachment? = nil) async throws -> Int {
        let readers = MailService.resolve(context.job.params.recipients("to"), groups: program.recipients)
        let deckReaders = deck == nil ? [] : MailService.resolve(context.job.params.recipients("deckTo"),
                                                                  groups: program.recipients)
        guard !readers.isEmpty || !deckReaders.isEmpty else { return 0 }
        let mail = try services.mail()
        let withDeck = Set(deckReaders.map { $0.address.lowercased() })
        var recipients = readers
        let readerAddresses = Set(readers.map { $0.address.lowercased() })
        for reader in deckReaders where !readerAddresses.contains(reader.address.lowercased()) {
            recipients.append(reader)
        }
        let records = try await mail.dispatcher.deliver(recipients.map { recipient in
            let address = recipient.address.lowercased()
            let attached = attachments + (withDeck.contains(address) ? deck.map { [$0] } ?? [] : [])
            return OutgoingMail(key: "\(key):\(address)", job: context.job.name, runID: context.runID,
                                message: mail.message(to: recipient, subject: subject, text: text, html: html,
                                                      attachments: attached))
        })
        return try MailService.requireDelivered(records, what: "\(subject) was archived, but")
    }
}
