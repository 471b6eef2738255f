import FoundationEssentials
import JSON
import PlatformData

/// The view model of the Monday pre-review snapshot (PRODUCT.md section 8.4): the past 7 local days
/// against the 7 before, as formatted strings.
public enum ReviewSnapshotModel {
    /// An anomaly of the week, already formatted.
    public struct Anomaly: Sendable {
        public let kind: String
        public let metric: String
        public let tenant: String
        public let severity: String
        public let window: String
        public let excluded: Bool
        public init(kind: String, metric: String, tenant: String, severity: String, window: String, excluded: Bool) {
            self.kind = kind
            self.metric = metric
            self.tenant = tenant
            self.severity = severity
            self.window = window
            self.excluded = excluded
        }
    }

    /// Builds the view model from this week's and last week's figures objects (section 8.3).
    public static func build(thisWeek: JSONValue, lastWeek: JSONValue, comments: [PlatformDatabase.FeedbackDetails.Comment],
                             anomalies: [Anomaly], formatTime: (Date) -> String) -> JSONValue {
        let current = thisWeek["criteria"]?.arrayValue ?? []
        let previous = lastWeek["criteria"]?.arrayValue ?? []
        let rows: [JSONValue] = current.map { criterion in
            let id = criterion["id"]?.stringValue
            let before = previous.first { $0["id"]?.stringValue == id }?["actual"]?.doubleValue
            let now = criterion["actual"]?.doubleValue
            return .object(JSONObject([
                ("label", .string(criterion["label"]?.stringValue ?? "")),
                ("target", .string("\(criterion["op"]?.stringValue ?? "") \(BaselineReportModel.plain(criterion["target"]?.doubleValue))")),
                ("this_week", .string(BaselineReportModel.format(criterion["actual"]))),
                ("last_week", .string(BaselineReportModel.format(before.map(JSONValue.double)))),
                ("trend", .string(trend(now, before, op: criterion["op"]?.stringValue ?? ">"))),
                ("status", .string(criterion["met"] == .bool(true) ? "met" : criterion["met"] == .bool(false) ? "not met" : "no data")),
                ("met", .bool(criterion["met"] == .bool(true))),
            ]))
        }
        let daily = thisWeek["daily"]?.arrayValue ?? []
        let maxTickets = daily.compactMap { $0["tickets"]?.doubleValue }.max() ?? 0
        let dailyRows: [JSONValue] = daily.map { day in
            let share = Bars.share(day["tickets"]?.doubleValue ?? 0, of: maxTickets)
            return .object(JSONObject([
                ("date", .string(day["date"]?.stringValue ?? "")), ("success", .string(BaselineReportModel.format(day["success_rate_pct"], digits: 1, suffix: " %"))),
                ("p95", .string(BaselineReportModel.format(day["latency_p95_seconds"], digits: 1, suffix: " s"))),
                ("tickets", .string(BaselineReportModel.format(day["tickets"], digits: 0))),
            ] + Bars.fields(share: share)))
        }
        return .object(JSONObject([
            ("title", .string("Weekly review snapshot")),
            ("period", .string("\(BaselineReportModel.day(thisWeek["period_start"])) – \(BaselineReportModel.day(thisWeek["period_end"])) "
                               + "against the 7 days before (\(thisWeek["timezone"]?.stringValue ?? "UTC"))")),
            ("criteria", .array(rows)),
            ("daily", .array(dailyRows)),
            ("ratings", .string("\(BaselineReportModel.format(thisWeek["avg_rating"], digits: 2)) average over "
                                + "\(BaselineReportModel.format(thisWeek["rating_count"], digits: 0)) ratings (last week "
                                + "\(BaselineReportModel.format(lastWeek["avg_rating"], digits: 2)))")),
            ("thumbs", .string("\(BaselineReportModel.format(thisWeek["thumbs_up"], digits: 0)) up, \(BaselineReportModel.format(thisWeek["thumbs_down"], digits: 0)) down")),
            ("comments", .array(comments.map { comment in
                .object(JSONObject([("when", .string(formatTime(comment.createdAt))), ("type", .string(comment.type)),
                                    ("rating", .string(comment.rating.map(String.init) ?? "")), ("text", .string(comment.text))]))
            })),
            ("has_comments", .bool(!comments.isEmpty)),
            ("anomalies", .array(anomalies.map { anomaly in
                .object(JSONObject([("kind", .string(anomaly.kind)), ("metric", .string(anomaly.metric)), ("tenant", .string(anomaly.tenant)),
                                    ("severity", .string(anomaly.severity)), ("window", .string(anomaly.window)),
                                    ("excluded", .string(anomaly.excluded ? "excluded" : "included"))]))
            })),
            ("has_anomalies", .bool(!anomalies.isEmpty)),
            ("agenda", .array([("Metrics review", "10 min"), ("Trends", "5 min"), ("Feedback", "5 min"), ("Roadmap", "5 min"),
                               ("Action items", "5 min")].map { .object(JSONObject([("item", .string($0.0)), ("minutes", .string($0.1))])) })),
        ]))
    }

    /// ↑ better, ↓ worse, → unchanged (within 0.5 %), judged by the criterion's direction.
    static func trend(_ now: Double?, _ before: Double?, op: String) -> String {
        guard let now, let before else { return "–" }
        let change = before == 0 ? now : (now - before) / abs(before)
        if abs(change) < 0.005 { return "→ steady" }
        let higherIsBetter = op.hasPrefix(">")
        return (now > before) == higherIsBetter ? "↑ better" : "↓ worse"
    }
}
