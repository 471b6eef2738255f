import Config

extension JobKind {
    /// The Monday pre-review snapshot (PRODUCT.md section 8.4).
    public static let reviewSnapshot = JobKind("review-snapshot")
}

extension ReviewSnapshotJob: RegisteredJobKind {
    static let descriptor = JobKindDescriptor(
        kind: .reviewSnapshot,
        summary: "The past 7 local days against the 7 before and against the baseline, for the weekly review; "
            + "archived, mailed, and escalated once per week when critical or high.",
        params: [
            JobParam("to", .recipients, "who gets the snapshot"),
            JobParam("template", .template, default: .value(.string("review-snapshot")), "the snapshot's template"),
            JobParam("tenant", .tenant, default: .described("all tenants"), "one tenant's snapshot"),
            JobParam("latestComments", .count, default: .value(.int(5)), "comments listed"),
        ],
        mail: .whenSet(["to"]),
        templates: [
            RequiredTemplate(.param("template"), ["md", "html"]),
            RequiredTemplate(.fixed(escalationTemplate), ["txt", "html"], when: .whenProgramEscalates),
        ])

    /// The template of the escalation mail.
    static let escalationTemplate = "escalation"
}
