import CivilTime
import Config
import Cron
import DataQuality
import FoundationEssentials
import JSON
import MIME
import Mail
import PlatformData
import Postgres
import Prometheus
import Reports
import Scheduler
import Statistics
import Store

/// The `data-quality` kind (PRODUCT.md section 8.2): checks the local day before the logical time, per
/// tenant and overall; stores check results, daily figures and anomalies; mails an alert when new
/// fail-level anomalies appear. An unreachable source fails the run (`source_unavailable`), so it is retried.
struct DataQualityJob: JobExecutor {
    let services: JobServices

    func run(_ context: RunContext) async throws -> RunOutcome {
        guard !context.dryRun else {
            return RunOutcome(output: "dry run: would check the day before "
                + "\(TimeText.format(context.scheduledFor, in: context.job.timeZone))")
        }
        guard let prometheusURL = context.environment.prometheusURL else {
            throw JobFailure("PROMETHEUS_URL is not set; the data-quality check reads metrics from Prometheus")
        }
        // Days are local days of the program's zone, like every report period (PRODUCT.md section 8.3).
        let zone = context.program.baseline.timeZone
        let checked = LocalDay.containing(context.scheduledFor, in: zone).previous
        let (day, start, end) = (checked.date, checked.start, checked.end)
        let thresholds = Self.thresholds(context.job.params, scrapeInterval: context.program.scrapeInterval)
        let prometheus = PrometheusClient(baseURL: prometheusURL)
        let database = services.database
        let platform = PlatformDatabase(database: database)
        let anomalyStore = AnomalyStore(database: database)
        var evaluation = Evaluation(day: day, start: start, end: end, thresholds: thresholds,
                                    queries: context.program.queries,
                                    prometheus: prometheus, platform: platform,
                                    figures: DailyFigureStore(database: database), zone: zone)
        evaluation.requiredSeries = context.job.params.strings("requiredSeries") ?? []
        var names: [UUID: String] = [:]
        do {
            let registry = try await platform.tenants()
            for tenant in registry { names[tenant.id] = tenant.name }
            var tenants = registry.map(\.id)
            if case .list(let wanted) = context.program.tenants { tenants = tenants.filter(wanted.contains) }
            try await evaluation.run(tenants: tenants)
        } catch {
            // A timeout or shutdown cancelled the work: that is not a source being unavailable.
            if error is CancellationError || Task.isCancelled { throw error }
            // The window is the checked day: the day whose data could not be checked.
            let finding = Finding(kind: "source_unavailable",
                                  metric: error is PrometheusError ? "prometheus" : "postgresql", tenantID: nil,
                                  severity: .fail, start: start, end: end, observed: nil, expected: nil,
                                      message: "\(error)")
            _ = try? await anomalyStore.upsert(Self.anomaly(finding), runID: context.runID)
            throw JobFailure("source unavailable: \(error)")
        }
        var newFailures: [Finding] = []
        for finding in evaluation.findings {
            if try await anomalyStore.upsert(Self.anomaly(finding), runID: context.runID), finding.severity == .fail {
                newFailures.append(finding)
            }
        }
        for record in evaluation.checkRecords {
            try await anomalyStore.recordCheck(day: day, tenantID: record.tenant, kind: record.kind,
                                               status: record.status.rawValue,
                                               observed: record.observed, expected: record.expected,
                                               details: record.details, runID: context.runID)
        }
        let summary = "\(day): \(evaluation.findings.count) anomalies (\(newFailures.count) new fail-level) over "
            + "\(evaluation.checkRecords.count) checks"
        context.logger.info("data-quality check finished", ["day": day, "anomalies": "\(evaluation.findings.count)",
                                                            "new_failures": "\(newFailures.count)"])
        if !newFailures.isEmpty { try await alert(newFailures, day: checked, names: names, context: context) }
        return RunOutcome(output: summary)
    }

    static func anomaly(_ finding: Finding) -> AnomalyStore.Anomaly {
        AnomalyStore.Anomaly(kind: finding.kind, metric: finding.metric, tenantID: finding.tenantID,
                             severity: finding.severity,
                             windowStart: finding.start, windowEnd: finding.end, observed: finding.observed,
                             expected: finding.expected,
                             message: finding.message, excluded: finding.isDataIntegrity)
    }

    private func alert(_ findings: [Finding], day checked: LocalDay, names: [UUID: String],
                       context: RunContext) async throws {
        let recipients = MailService.resolve(context.job.params.recipients("to"), groups: context.program.recipients)
        guard !recipients.isEmpty else { return }
        let mail = try services.mail()
        let zone = context.program.baseline.timeZone
        let day = checked.date
        let dayText = HumanTime.day(Int(checked.start.timeIntervalSince1970), in: zone)
        // HTML mail stays well under 100 KB: at most 100 rows, and a count of the rest.
        let shown = findings.prefix(100)
        let rows = shown.map { finding in
            JSONValue.object(JSONObject([
                ("kind", .string(Wording.anomalyKind(finding.kind))), ("metric",
                    .string(Wording.metric(finding.metric))),
                ("tenant", .string(finding.tenantID.map { names[$0] ?? "Unnamed tenant \($0.uuidString.prefix(8))" }
                    ?? "all tenants")),
                ("severity", .string(Wording.severity(finding.severity))),
                ("window", .string(HumanTime.window(Int(finding.start.timeIntervalSince1970),
                    Int(finding.end.timeIntervalSince1970), in: zone))),
                ("message", .string(finding.message)),
            ]))
        }
        let more = findings.count - shown.count
        let count = "\(findings.count) new fail-level anomal\(findings.count == 1 ? "y" : "ies")"
        let content = JSONValue.object(JSONObject([
            ("title", .string("Data quality \(dayText): \(count)")), ("day", .string(dayText)),
            ("count", .int(findings.count)), ("anomalies", .array(Array(rows))),
            ("more", more > 0 ? .string("\(more) more not listed") : .string("")),
        ]))
        let model = ReportSources.withFooter(content, program: context.program,
                                             lead: "Data-quality check of \(dayText)")
        let templates = TemplateFiles(directory: context.environment.templatesDirectory)
        let name = context.job.params.string("template")!  // declared with a default
        let text = try templates.render(name, .text, model)
        let html = try templates.render(name, .html, model)
        let identity = findings.map { finding in
            "\(finding.kind)|\(finding.metric)|\(finding.tenantID?.uuidString ?? "")|"
                + "\(finding.start.timeIntervalSince1970)"
        }.sorted()
            .joined(separator: ",")
        let digest = String(Migration.fnv1a(identity), radix: 16)
        let subject = "Data quality \(dayText): \(count)"
        let records = try await mail.dispatcher.deliver(recipients.map { recipient in
            OutgoingMail(key: "dq-alert:\(context.job.name):\(day):\(digest):\(recipient.address.lowercased())",
                         job: context.job.name, runID: context.runID,
                         message: mail.message(to: recipient, subject: subject, text: text, html: html))
        })
        try MailService.requireDelivered(records, what: "data-quality alert for \(day)")
    }
}
