import CivilTime
import Config
import Cron
import FoundationEssentials
import JSON
import MIME
import Postgres
import Reports
import Scheduler
import Store

/// The `baseline-report` kind (PRODUCT.md sections 8.3 and 8.5): the baseline window's figures with
/// excluded windows left out, rendered from the `baseline-report` templates, archived, and mailed.
struct BaselineReportJob: JobExecutor {
    let services: JobServices

    func run(_ context: RunContext) async throws -> RunOutcome {
        let database = services.database
        let sources = try await ReportSources(context: context, database: database)
        let program = context.program
        let days = sources.localDays(from: LocalDay.day(program.baseline.start, in: sources.zone),
                                     count: program.baseline.days)
        let start = days.first!.start, end = days.last!.end
        // Run before the window has ended, the report says so everywhere and is mailed under its own key,
        // so the real end-of-baseline report still goes out.
        let completeDays = days.filter { $0.end <= context.scheduledFor }.count
        let preliminary = completeDays < days.count
        let stage = preliminary ? "Preliminary baseline report: \(completeDays) of \(days.count) days "
            + "complete" : "Baseline report"
        let anomalies = try await sources.anomalies(start: start, end: end)
        let (survey, surveyFigures, answers) = try await Self.survey(database: database, params: context.job.params,
            tenant: sources.scopeTenant)
        let period = try await sources.figures(days: days, anomalies: anomalies, survey: surveyFigures)
        let total = period.total
        // One read of the period's feedback: the themes need every comment, the model the distribution.
        let details = try await sources.feedback(start: start, end: end, commentLimit: Int(Int32.max))
        var figures = sources.withPriorities(period.json, feedback: details.comments, survey: answers)
        if var object = figures.objectValue {
            // For the dashboard's distribution panel: ratings of 1 to 5 in the window.
            object["rating_distribution"] = .object(JSONObject((1...5).map { ("\($0)",
                .int(details.distribution[$0] ?? 0)) }))
            figures = .object(object)
        }
        let appendix = sources.queryAppendix()
        let reportContext = BaselineReportModel.Context(
            title: stage, scope: sources.scopeName, feedback: details,
            anomalies: Self.anomalyDetails(anomalies, zone: sources.zone),
            keptSeconds: total.keptSeconds, periodSeconds: end.timeIntervalSince(start),
            currency: program.roi.currency, queries: appendix.queries, survey: survey, zone: sources.zone,
            queryNote: appendix.note)
        let content = BaselineReportModel.build(figures: figures, context: reportContext)
        let store = ReportStore(database: database)
        let rendered = try await sources.render(content, context: context,
                                                store: store, through: end)
        let (model, markdown, html) = (rendered.model, rendered.markdown, rendered.html)
        let deck = try TemplateFiles(directory: context.environment.templatesDirectory)
            .render(Self.deckTemplate, .html, DeckModel.build(report: model, figures: figures))
        if context.dryRun { return RunOutcome(output: markdown) }
        let id = try await store.archive(id: rendered.reportID, job: context.job.name, kind: "baseline-report",
                                         periodStart: start, periodEnd: end, tenantID: sources.scopeTenant,
                                         markdown: markdown, html: html, figures: figures, deck: deck,
                                         runID: context.runID)
        let met = model["criteria_met"]?.stringValue ?? "?"
        let scopeSuffix = sources.scopeTenant == nil ? "" : " (\(sources.scopeName))"
        // The decision first, as in the headline: "Baseline report 30 Nov – 6 Dec 2026: not ready, 4 of 5
        // criteria met"; a preliminary report's decision is only so far.
        let readiness = (model["readiness"]?.stringValue ?? "").lowercased()
        let periodText = (model["period_label"]?.stringValue ?? "") + scopeSuffix
        let subject = preliminary
            ? "Preliminary baseline report \(periodText) (\(completeDays) of \(days.count) days complete): "
                + "\(readiness == "not decided yet" ? readiness : readiness + " so far"), \(met) criteria met"
            : "Baseline report \(periodText): \(readiness), \(met) criteria met"
        let mailed = try await sources.mail(services, context: context,
                                            key: "report:\(context.job.name):\(program.baseline.start)"
                                                 + (preliminary ? ":preliminary-\(completeDays)" : "") + ":"
                                                 + (sources.scopeTenant?.uuidString.lowercased() ?? "all"),
                                            subject: subject, text: markdown, html: html,
                                            attachments: [MailMessage.Attachment(
                                                fileName: "baseline-report-figures.json",
                                                contentType: "application/json",
                                                data: Data(figures.prettyJSONText.utf8))],
                                            deck: MailMessage.Attachment(fileName: "baseline-deck.html",
                                                                         contentType: "text/html",
                                                                         data: Data(deck.utf8)))
        return RunOutcome(output: "report \(id): \(model["criteria_met"]?.stringValue ?? "?") criteria met; mailed "
            + "\(mailed)")
    }

    /// Per anomaly kind, its count in words: severities, days, and whether the figures keep it.
    static func anomalyDetails(_ anomalies: [AnomalyStore.Anomaly], zone: Zone) -> [String: String] {
        Dictionary(grouping: anomalies, by: \.kind).mapValues { group in
            let fails = group.filter { $0.severity == .fail }.count, warns = group.count - fails
            let days = Set(group.map { TimeText.localDate($0.windowStart, in: zone) }).count
            let excluded = group.filter(\.excluded).count
            let severity = fails == 0 ? "all warnings" : warns == 0 ? "all failures"
                : "\(fails) failures, \(warns) warnings"
            let kept = excluded == 0 ? "kept in the figures" : excluded == group.count ? "left out of the figures"
                : "\(excluded) left out of the figures"
            // The same hour can be found for one client and for all of them together: say how many are which.
            let overall = group.filter { $0.tenantID == nil }.count
            let scopes = overall == 0 || overall == group.count ? ""
                : "\(group.count - overall) for single clients, \(overall) for all tenants together; "
            return "\(group.count) (\(scopes)\(severity), on \(days) day\(days == 1 ? "" : "s"); \(kept))"
        }
    }

    /// The survey answers of `params.surveyCampaigns` (default: every campaign the runner has mailed), and
    /// the overall question's answers for the satisfaction figures (nil without a campaign).
    static func survey(database: Database, params: JobParameters, tenant: UUID?) async throws -> (SurveySummary,
        ReportFigures.Survey?, [SurveyStore.Answer]) {
        let store = SurveyStore(database: database)
        let listed = params.strings("surveyCampaigns")
        var campaigns = listed ?? []
        if listed == nil { campaigns = try await store.campaigns() }
        let answers = try await store.answers(campaigns: campaigns, tenantID: tenant)
        let (invited, responded) = try await store.participation(campaigns: campaigns, tenantID: tenant)
        let summary = SurveySummary(answers: answers.map { SurveySummary.Answer(question: $0.question, value: $0.value,
            comment: $0.comment) },
                                    invited: invited, responded: responded)
        let overall = answers.filter { $0.question == "overall" }.compactMap { $0.value.map(Double.init) }
        return (summary, campaigns.isEmpty ? nil : ReportFigures.Survey(overall: overall, invited: invited,
            responded: responded), answers)
    }
}
