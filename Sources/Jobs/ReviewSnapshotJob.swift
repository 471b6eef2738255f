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
        let weekAnomalies = anomalies.filter { $0.windowEnd > currentDays.first!.start }.map { anomaly in
            ReviewSnapshotModel.Anomaly(kind: anomaly.kind, metric: anomaly.metric, tenant: anomaly.tenantID?.uuidString.lowercased() ?? "all",
                                        severity: anomaly.severity,
                                        window: "\(TimeText.format(anomaly.windowStart, in: zone)) – \(TimeText.format(anomaly.windowEnd, in: zone))",
                                        excluded: anomaly.excluded)
        }
        let content = ReviewSnapshotModel.build(thisWeek: thisWeek, lastWeek: lastWeek, comments: feedback.comments, anomalies: weekAnomalies,
                                              formatTime: { TimeText.format($0, in: zone) })
        let model = ReportSources.withFooter(content, context: context)
        let templates = TemplateFiles(directory: context.environment.templatesDirectory)
        let name = context.job.params["template"]?.stringValue ?? "review-snapshot"
        let markdown = try templates.render(name, .markdown, model)
        let html = try templates.render(name, .html, model)
        if context.dryRun { return RunOutcome(output: markdown) }
        let id = try await ReportStore(database: database).archive(job: context.job.name, kind: "review-snapshot",
                                                                   periodStart: currentDays.first!.start, periodEnd: currentDays.last!.end,
                                                                   tenantID: sources.scopeTenant, markdown: markdown, html: html, figures: thisWeek,
                                                                   runID: context.runID)
        let mailed = try await sources.mail(services, context: context,
                                            key: "snapshot:\(context.job.name):\(currentDays.first!.date):\(sources.scopeTenant?.uuidString.lowercased() ?? "all")",
                                            subject: "Weekly review snapshot \(currentDays.first!.date) – \(currentDays.last!.date)",
                                            text: markdown, html: html, attachments: [])
        return RunOutcome(output: "snapshot \(id); mailed \(mailed)")
    }
}
