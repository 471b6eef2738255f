import Config
import Cron
import Foundation
import JSON
import MIME
import Mail
import PlatformData
import Postgres
import Prometheus
import Reports
import Scheduler
import Store

/// The `baseline-report` kind (PRODUCT.md sections 8.3 and 8.5): the baseline window's figures with
/// excluded windows left out, rendered from the `baseline-report` templates, archived, and mailed.
struct BaselineReportJob: JobExecutor {
    let services: JobServices

    func run(_ context: RunContext) async throws -> RunOutcome {
        guard let database = services.database else {
            return RunOutcome(output: "dry run: would report on the baseline window from \(context.program.baseline.start)")
        }
        guard let prometheusURL = context.environment.prometheusURL else {
            throw JobFailure("PROMETHEUS_URL is not set; the report reads metrics from Prometheus")
        }
        let program = context.program
        let zone = program.baseline.timeZone
        guard let start = TimeText.parse(program.baseline.start, in: zone) else { throw JobFailure("program.json baseline.start is invalid") }
        var days: [(String, Date, Date)] = []
        var cursor = start
        for _ in 0..<program.baseline.days {
            let date = TimeText.localDate(cursor, in: zone)
            let next = TimeText.parse(TimeText.localDate(cursor.addingTimeInterval(36 * 3600), in: zone), in: zone)!
            days.append((date, cursor, next))
            cursor = next
        }
        let end = cursor
        let platform = PlatformDatabase(database: database)
        let source = PeriodFigureSource(prometheus: PrometheusClient(baseURL: prometheusURL), platform: platform, queries: program.queries)
        var tenants = try await platform.tenants().map(\.id)
        if case .list(let wanted) = program.tenants { tenants = tenants.filter(wanted.contains) }
        let scopeTenant = context.job.params["tenant"]?.stringValue.flatMap(UUID.init(uuidString:))
        let scopeTenants = scopeTenant.map { [$0] } ?? tenants

        let anomalies = try await AnomalyStore(database: database).list(since: start).filter { anomaly in
            anomaly.windowStart < end && (scopeTenant == nil || anomaly.tenantID == nil || anomaly.tenantID == scopeTenant)
        }
        let excluded = anomalies.filter(\.excluded)
        let windows = excluded.map { ($0.windowStart, $0.windowEnd) }
        let total = try await source.figures(tenant: scopeTenant, tenants: scopeTenants, start: start, end: end, excluded: windows)
        var perTenant: [PeriodFigureSource.Figures] = []
        for tenant in scopeTenants {
            perTenant.append(scopeTenant == nil ? try await source.figures(tenant: tenant, tenants: [tenant], start: start, end: end, excluded: windows) : total)
        }
        var daily: [ReportFigures.Day] = []
        for (date, dayStart, dayEnd) in days {
            daily.append(ReportFigures.Day(date: date, figures: try await source.figures(tenant: scopeTenant, tenants: scopeTenants, start: dayStart,
                                                                                         end: dayEnd, excluded: windows)))
        }
        let figures = ReportFigures.build(program: program, tenantID: scopeTenant, start: start, end: end, total: total, perTenant: perTenant,
                                          days: daily, excluded: excluded.map {
                                              ReportFigures.ExcludedWindow(kind: $0.kind, start: $0.windowStart, end: $0.windowEnd, reason: $0.exclusionReason)
                                          })
        var details = PlatformDatabase.FeedbackDetails(distribution: [:], comments: [])
        for tenant in scopeTenants {
            let part = try await platform.feedbackDetails(tenant: tenant, start: start, end: end, commentLimit: 500)
            for (value, count) in part.distribution { details.distribution[value, default: 0] += count }
            details.comments += part.comments
        }
        let queries = [
            "sum by (status) (increase(\(program.queries["enhancementStatus"] ?? "")[300s]))",
            "sum by (le) (increase(\(program.queries["requestDuration"] ?? "")[300s]))",
            "avg(avg_over_time(\(program.queries["resolutionBefore"] ?? "")[300s]))",
            "avg(avg_over_time(\(program.queries["resolutionAfter"] ?? "")[300s]))",
        ]
        let model = BaselineReportModel.build(figures: figures, context: BaselineReportModel.Context(
            title: "Baseline report", scope: scopeTenant.map { "Tenant \($0.uuidString.lowercased())" } ?? "All tenants (\(scopeTenants.count))",
            feedback: details, anomalyCounts: Dictionary(anomalies.map { ($0.kind, 1) }, uniquingKeysWith: +), keptSeconds: total.keptSeconds,
            periodSeconds: end.timeIntervalSince(start), currency: program.roi.currency, queries: queries,
            surveyNote: "No survey responses were collected in this window."))
        let templates = TemplateFiles(directory: context.environment.templatesDirectory)
        let name = context.job.params["template"]?.stringValue ?? "baseline-report"
        let markdown = try templates.render(name, .markdown, model)
        let html = try templates.render(name, .html, model)
        let id = try await ReportStore(database: database).archive(job: context.job.name, kind: "baseline-report", periodStart: start, periodEnd: end,
                                                                   tenantID: scopeTenant, markdown: markdown, html: html, figures: figures,
                                                                   runID: context.runID)
        var mailed = 0
        if let mail = services.mail, let entries = context.job.params["to"]?.arrayValue?.compactMap(\.stringValue) {
            let recipients = MailService.resolve(entries.map { $0.contains("@") ? (try? MailAddress.parse($0)).map(Recipient.address) ?? .group($0) : .group($0) },
                                                 groups: program.recipients)
            let subject = "Baseline report \(days.first?.0 ?? "") – \(days.last?.0 ?? ""): \(model["criteria_met"]?.stringValue ?? "?") criteria met"
            let attachment = MailMessage.Attachment(fileName: "baseline-report-figures.json", contentType: "application/json",
                                                    data: Data(figures.prettyJSONText.utf8))
            let records = try await mail.dispatcher.deliver(recipients.map { recipient in
                OutgoingMail(key: "report:\(context.job.name):\(program.baseline.start):\(scopeTenant?.uuidString.lowercased() ?? "all"):\(recipient.address.lowercased())",
                             job: context.job.name, runID: context.runID,
                             message: MailMessage(from: mail.sender, to: recipient, subject: subject, text: markdown, html: html,
                                                  attachments: [attachment], date: Date()))
            })
            mailed = records.filter { $0.status == "sent" }.count
        }
        return RunOutcome(output: "report \(id): \(model["criteria_met"]?.stringValue ?? "?") criteria met; mailed \(mailed)")
    }
}
