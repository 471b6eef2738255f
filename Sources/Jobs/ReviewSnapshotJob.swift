import CivilTime
import Config
import Cron
import FoundationEssentials
import JSON
import Reports
import Scheduler
import Store

/// The `review-snapshot` kind (PRODUCT.md section 8.4): the past 7 local days against the 7 before,
/// for the Monday review; archived and mailed.
struct ReviewSnapshotJob: JobExecutor {
    let services: JobServices

    func run(_ context: RunContext) async throws -> RunOutcome {
        guard let database = services.database else { throw JobFailure("the review snapshot needs DATABASE_URL") }
        let sources = try await ReportSources(context: context, database: database)
        let zone = sources.zone
        var first = LocalDay.containing(context.scheduledFor, in: zone)
        for _ in 0..<14 { first = first.previous }
        let days = sources.localDays(from: first, count: 14)
        let previousDays = Array(days.prefix(7)), currentDays = Array(days.suffix(7))
        let anomalies = try await sources.anomalies(start: previousDays.first!.start, end: currentDays.last!.end)
        var (thisWeek, _, week) = try await sources.figures(days: currentDays, anomalies: anomalies)
        let (lastWeek, _, _) = try await sources.figures(days: previousDays, anomalies: anomalies)
        // Once the baseline window has ended, the week is compared with it: the question the program exists to answer.
        let program = context.program
        let baselineDays = sources.localDays(from: LocalDay.day(program.baseline.start, in: zone),
            count: program.baseline.days)
        if let baselineEnd = baselineDays.last?.end, baselineEnd <= context.scheduledFor,
            var object = thisWeek.objectValue {
            // A week inside the baseline window would be compared with itself: say so instead.
            if currentDays.first!.start >= baselineEnd {
                let baselineAnomalies = try await sources.anomalies(start: baselineDays.first!.start, end: baselineEnd)
                let (_, _, baseline) = try await sources.figures(days: baselineDays, anomalies: baselineAnomalies)
                object["vs_baseline"] = BaselineComparison.compare(program.criteria, baseline: baseline, week: week)
            } else {
                let shared = currentDays.filter { $0.start < baselineEnd }.count
                object["vs_baseline_note"] = .string(shared == currentDays.count
                    ? "This week is the baseline window itself; the comparison with the baseline starts with next "
                        + "week's snapshot."
                    : "This week overlaps the baseline window on \(shared) of its \(currentDays.count) days; the "
                        + "comparison starts with the first week after it.")
            }
            thisWeek = .object(object)
        }
        let limit = context.job.params["latestComments"]?.intValue ?? 5
        let feedback = try await sources.feedback(start: currentDays.first!.start, end: currentDays.last!.end, commentLimit: limit)
        let weekAnomalies = anomalies.filter { $0.windowEnd > currentDays.first!.start }
            .sorted { ($0.windowStart, $0.kind) < ($1.windowStart, $1.kind) }.map { anomaly in
                let start = Int(anomaly.windowStart.timeIntervalSince1970)
                return ReviewSnapshotModel.Anomaly(
                    day: HumanTime.day(start, in: zone), tenant: sources.tenantName(anomaly.tenantID),
                    kind: Wording.anomalyKind(anomaly.kind), metric: Wording.metric(anomaly.metric),
                    severity: anomaly.severity,
                    window: HumanTime.window(start, Int(anomaly.windowEnd.timeIntervalSince1970), in: zone),
                    finding: anomaly.message, excluded: anomaly.excluded)
            }
        let comments = feedback.comments.map { comment in
            ReviewSnapshotModel.Comment(when: HumanTime.dateTime(Int(comment.createdAt.timeIntervalSince1970), in: zone),
                                        feedback: Wording.feedback(type: comment.type, rating: comment.rating),
                                        text: comment.text)
        }
        let content = ReviewSnapshotModel.build(thisWeek: thisWeek, lastWeek: lastWeek, comments: comments,
                                                anomalies: weekAnomalies)
        let store = ReportStore(database: database)
        let reportID = context.dryRun ? nil : try await store.reserveID()
        let model = ReportSources.withFooter(content, context: context, reportID: reportID)
        let templates = TemplateFiles(directory: context.environment.templatesDirectory)
        let name = context.job.params["template"]?.stringValue ?? "review-snapshot"
        let markdown = try templates.render(name, .markdown, model)
        let html = try templates.render(name, .html, model)
        if context.dryRun { return RunOutcome(output: markdown) }
        let id = try await store.archive(id: reportID, job: context.job.name, kind: "review-snapshot",
                                         periodStart: currentDays.first!.start, periodEnd: currentDays.last!.end,
                                         tenantID: sources.scopeTenant, markdown: markdown, html: html,
                                         figures: thisWeek, runID: context.runID)
        let scope = sources.scopeTenant.map { "\($0.uuidString.lowercased())" } ?? "all"
        let mailed = try await sources.mail(services, context: context,
                                            key: "snapshot:\(context.job.name):\(currentDays.first!.date):\(scope)",
                                            subject: "Weekly review snapshot: \(model["period_label"]?.stringValue ?? "")"
                                                + (sources.scopeTenant == nil ? "" : " (\(sources.scopeName))"),
                                            text: markdown, html: html, attachments: [])
        return RunOutcome(output: "snapshot \(id); mailed \(mailed)")
    }
}
