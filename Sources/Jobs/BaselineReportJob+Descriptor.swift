import Config

extension JobKind {
    /// The end-of-baseline report and deck (PRODUCT.md sections 8.5 and 8.9).
    public static let baselineReport = JobKind("baseline-report")
}

extension BaselineReportJob: RegisteredJobKind {
    static let descriptor = JobKindDescriptor(
        kind: .baselineReport,
        summary: "The report of the baseline window (statistics, criteria verdicts, ROI, feedback, surveys, data "
            + "quality, roadmap) and its executive deck; archived and mailed.",
        params: [
            JobParam("to", .recipients, "who gets the report"),
            JobParam("template", .template, default: .value(.string("baseline-report")), "the report's template"),
            JobParam("tenant", .tenant, default: .described("all tenants"),
                     "one tenant's report; a tenant not in `tenant_configs` fails the run"),
            JobParam("surveyCampaigns", .strings, default: .described("every campaign the runner has mailed"),
                     "the survey campaigns whose answers the report folds in"),
            JobParam("deckTo", .recipients, "who also gets the executive deck attached as `baseline-deck.html`"),
        ],
        mail: .whenSet(["to", "deckTo"]),
        templates: [
            RequiredTemplate(.param("template"), ["md", "html"]),
            RequiredTemplate(.fixed(deckTemplate), ["html"]),
        ])

    /// The template of the executive deck.
    static let deckTemplate = "baseline-report-deck"
}
