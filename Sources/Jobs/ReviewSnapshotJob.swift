import CivilTime
import Config
import Cron
import FoundationEssentials
import JSON
import Reports
import Scheduler
import Store

/// The `review-snapshot` kind (PRODUCT.md section 8.4): the past 7 local days against the 7 before, for the
/// Monday review, with the baseline comparison, themes, roadmap, movers, action items and the week's
/// escalation; archived, mailed, and escalated once per week when critical or high.
struct ReviewSnapshotJob: JobExecutor {
    let services: JobServices

    func run(_ context: RunContext) async throws -> RunOutcome {
        let database = services.database
        let sources = try await ReportSources(context: context, database: database)
        let zone = sources.zone
        var first = LocalDay.containing(context.scheduledFor, in: zone)
        for _ in 0..<14 { first = first.previous }
        let days = sources.localDays(from: first, count: 14)
        let previousDays = Array(days.prefix(7)), currentDays = Array(days.suffix(7))
        let weekStart = currentDays.first!.start, weekEnd = currentDays.last!.end
        let anomalies = try await sources.anomalies(start: previousDays.first!.start, end: weekEnd)
        let week = try await sources.figures(days: currentDays, anomalies: anomalies, hourly: true)
        let lastWeek = try await sources.figures(days: previousDays, anomalies: anomalies)
        var thisWeek = try await baselineComparison(week, context: context, sources: sources, currentDays: currentDays)
        let answers = try await SurveyStore(database: database).answers(
            campaigns: try await SurveyStore(database: database).campaigns(), tenantID: sources.scopeTenant)
            .filter { $0.respondedAt >= weekStart && $0.respondedAt < weekEnd }
        // One read of the week's feedback: every comment for the themes, the newest for the list.
        let feedback = try await sources.feedback(start: weekStart, end: weekEnd, commentLimit: Int(Int32.max))
        thisWeek = sources.withPriorities(thisWeek, feedback: feedback.comments, survey: answers)
        let store = ReportStore(database: database)
        let previous = try await store.previous(kind: "review-snapshot", tenantID: sources.scopeTenant,
            before: weekStart)
        let weekAnomalies = anomalies.filter { $0.windowEnd > weekStart }
            .sorted { ($0.windowStart, $0.kind) < ($1.windowStart, $1.kind) }
        let review = try await Self.review(thisWeek, week: week, lastWeek: lastWeek, anomalies: weekAnomalies,
                                           previous: previous, context: context, database: database,
                                           sources: sources, weekStart: weekStart)
        thisWeek = review.figures
        let limit = context.job.params.int("latestComments")!  // declared with a default
        let comments = feedback.comments.prefix(limit).map { comment in
            ReviewSnapshotModel.Comment(when: HumanTime.dateTime(Int(comment.createdAt.timeIntervalSince1970),
                in: zone),
                                        feedback: Wording.feedback(type: comment.type, rating: comment.rating),
                                        text: comment.text)
        }
        let content = ReviewSnapshotModel.build(thisWeek: thisWeek, lastWeek: lastWeek.json, comments: comments,
                                                anomalies: weekAnomalies.map { Self.describe($0, sources: sources) },
                                                review: review.model)
        let rendered = try await sources.render(content, context: context,
                                                store: store, through: weekEnd)
        let (model, markdown, html) = (rendered.model, rendered.markdown, rendered.html)
        if context.dryRun { return RunOutcome(output: markdown) }
        let id = try await store.archive(id: rendered.reportID, job: context.job.name, kind: "review-snapshot",
                                         periodStart: weekStart, periodEnd: weekEnd, tenantID: sources.scopeTenant,
                                         markdown: markdown, html: html, figures: thisWeek, runID: context.runID)
        let scope = sources.scopeTenant.map { "\($0.uuidString.lowercased())" } ?? "all"
        let period = model["period_label"]?.stringValue ?? ""
        let scopeSuffix = sources.scopeTenant == nil ? "" : " (\(sources.scopeName))"
        let mailed = try await sources.mail(services, context: context,
                                            key: "snapshot:\(context.job.name):\(currentDays.first!.date):\(scope)",
                                            subject: "Weekly review snapshot: \(period)\(scopeSuffix)",
                                            text: markdown, html: html, attachments: [])
        let escalated = try await escalate(review, period: period, reportID: id, snapshot: html, context: context,
                                           sources: sources, key: "\(currentDays.first!.date):\(scope)")
        return RunOutcome(output: "snapshot \(id); mailed \(mailed); escalation \(review.escalation.severity.rawValue)"
            + (escalated > 0 ? ", escalated to \(escalated)" : ""))
    }

    /// The week compared with the baseline window once it has ended (the question the program exists to
    /// answer); a week overlapping it says how far the baseline is.
    func baselineComparison(_ week: ReportSources.Period, context: RunContext, sources: ReportSources,
                            currentDays: [LocalDay]) async throws -> JSONValue {
        guard var object = week.json.objectValue else { return week.json }
        let program = context.program
        let baselineDays = sources.localDays(from: LocalDay.day(program.baseline.start, in: sources.zone),
                                             count: program.baseline.days)
        guard let baselineStart = baselineDays.first?.start, let baselineEnd = baselineDays.last?.end else {
            return week.json
        }
        let overlaps = currentDays.first!.start < baselineEnd && currentDays.last!.end > baselineStart
        if baselineEnd <= context.scheduledFor {
            if currentDays.first!.start >= baselineEnd {
                let anomalies = try await sources.anomalies(start: baselineStart, end: baselineEnd)
                let baseline = try await sources.figures(days: baselineDays, anomalies: anomalies)
                object["vs_baseline"] = BaselineComparison.compare(program.criteria, baseline: baseline.side,
                                                                   week: week.side)
            } else {
                let shared = currentDays.filter { $0.start < baselineEnd }.count
                object["vs_baseline_note"] = .string(shared == currentDays.count
                    ? "This week is the baseline window itself; the comparison with the baseline starts with next "
                        + "week's snapshot."
                    : "This week overlaps the baseline window on \(shared) of its \(currentDays.count) days; the "
                        + "comparison starts with the first week after it.")
            }
        } else if overlaps || context.scheduledFor >= baselineStart {
            let done = baselineDays.filter { $0.end <= context.scheduledFor }.count
            object["vs_baseline_note"] = .string("Baseline in progress: day \(min(done + 1, baselineDays.count)) of "
                + "\(baselineDays.count); these figures are an early look, not the baseline's verdict.")
        }
        return .object(object)
    }

    /// An anomaly in words.
    static func describe(_ anomaly: AnomalyStore.Anomaly, sources: ReportSources) -> ReviewSnapshotModel.Anomaly {
        let start = Int(anomaly.windowStart.timeIntervalSince1970)
        return ReviewSnapshotModel.Anomaly(
            day: HumanTime.day(start, in: sources.zone), tenant: sources.tenantName(anomaly.tenantID),
            kind: Wording.anomalyKind(anomaly.kind), metric: Wording.metric(anomaly.metric), severity: anomaly.severity,
            window: HumanTime.window(start, Int(anomaly.windowEnd.timeIntervalSince1970), in: sources.zone),
            finding: anomaly.message, excluded: anomaly.excluded)
    }
}
