import Program
import Cron
import FoundationEssentials
import JSON
import PlatformFigures
import Statistics

/// The figures object every report archives (PRODUCT.md section 8.3), assembled from source figures.
/// Pure: no I/O. Null wherever a figure has no data, never a made-up zero.
public enum ReportFigures {
    /// A window left out of the figures, and why.
    public struct ExcludedWindow: Sendable, Equatable {
        public let kind: String
        public let start: Date
        public let end: Date
        public let reason: String?
        public init(kind: String, start: Date, end: Date, reason: String?) {
            self.kind = kind
            self.start = start
            self.end = end
            self.reason = reason
        }
    }

    /// One local day of the period: each tenant's figures of that day.
    public struct Day: Sendable {
        public let date: String
        public let perTenant: [UUID: PeriodFigures]
        public init(date: String, perTenant: [UUID: PeriodFigures]) {
            self.date = date
            self.perTenant = perTenant
        }
    }

    /// A tenant of the report, for the tenants table.
    public struct Tenant: Sendable, Equatable {
        public let id: UUID
        public let name: String
        public init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// The survey's overall answers (1-5) and participation, for the satisfaction figures.
    public struct Survey: Sendable {
        public let overall: [Double]
        public let invited: Int
        public let responded: Int
        public init(overall: [Double], invited: Int, responded: Int) {
            self.overall = overall
            self.invited = invited
            self.responded = responded
        }
    }

    /// Builds the figures object.
    ///
    /// - Parameters:
    ///   - tenants: the tenants in scope (one for a per-tenant report), with their names.
    ///   - window: each tenant's figures of the whole period.
    ///   - days: each local day's per-tenant figures.
    public static func build(program: ProgramDefinition, tenantID: UUID?, tenants: [Tenant], start: Date, end: Date,
                             window: [UUID: PeriodFigures], days: [Day], excluded: [ExcludedWindow],
                             survey: Survey? = nil) -> JSONValue {
        let zone = program.baseline.timeZone
        let overall = survey.flatMap { $0.overall.isEmpty ? nil : $0.overall }
        let side = series(program: program, tenants: tenants, window: window, days: days, survey: survey)
        let (period, daily) = (side.period, side.days)
        var object = JSONObject([
            ("period_start", .string(TimeText.format(start, in: zone))), ("period_end",
                    .string(TimeText.format(end, in: zone))),
            ("timezone", .string(zone.identifier)), ("tenant_id",
                                                     tenantID.map { .string($0.uuidString.lowercased()) } ?? .null),
        ])
        for key in figureKeys { object[key] = number(period[key]) }
        object["survey_overall_n"] = overall == nil ? .null : .int(overall?.count ?? 0)
        object["survey_response_rate_pct"] = survey.flatMap {
            $0.invited > 0 ? Double($0.responded) / Double($0.invited) * 100 : nil
        }
            .map { number($0) } ?? .null
        // Satisfaction both ways, whether or not a criterion names them.
        let feedback = period.combined.feedback
        let rating = feedback.averageRating.flatMap { mean in
            feedback.ratingStandardDeviation.flatMap { Interval.mean(mean, standardDeviation: $0,
                count: feedback.ratingCount) }
        }
        let surveyInterval = overall.flatMap(Interval.mean(of:))
        object["avg_rating_ci_low"] = number(rating?.low)
        object["avg_rating_ci_high"] = number(rating?.high)
        object["survey_overall_ci_low"] = number(surveyInterval?.low)
        object["survey_overall_ci_high"] = number(surveyInterval?.high)
        let reductionInterval = period["resolution_time_reduction_pct"].flatMap {
            Interval.daySeries($0, daily: daily.compactMap { $0["resolution_time_reduction_pct"] })
        }
        for member in roi(period, reductionInterval: reductionInterval,
            program: program) { object[member.key] = member.value }
        object["criteria"] = .array(program.criteria.map { criterion in
            criterionJSON(CriterionStatistics(criterion, period: period, days: daily, survey: overall))
        })
        object["daily"] = .array(zip(days, daily).map { day, figures in
            .object(JSONObject([
                ("date", .string(day.date)), ("success_rate_pct", number(figures["success_rate_pct"])),
                ("latency_p95_seconds", number(figures["latency_p95_seconds"])), ("tickets",
                    number(figures["tickets_enhanced"])),
                ("avg_rating", number(figures["avg_rating"])),
                ("resolution_time_before_seconds", number(figures["resolution_time_before_seconds"])),
                ("resolution_time_after_seconds", number(figures["resolution_time_after_seconds"])),
                ("resolution_time_reduction_pct", number(figures["resolution_time_reduction_pct"])),
            ]))
        })
        if tenantID == nil {
            object["tenants"] = .array(tenants.map { tenant in
                tenantJSON(tenant, window: window[tenant.id], days: days, program: program)
            })
        }
        object["excluded_windows"] = .array(excluded.map { window in
            .object(JSONObject([
                ("kind", .string(window.kind)), ("start", .string(TimeText.format(window.start, in: zone))),
                ("end", .string(TimeText.format(window.end, in: zone))), ("reason",
                        window.reason.map(JSONValue.string) ?? .null),
            ]))
        })
        return .object(object)
    }

    /// The scope's figures of the period and of each day: what the figures object and a comparison
    /// with another period are computed from.
    public static func series(program: ProgramDefinition, tenants: [Tenant], window: [UUID: PeriodFigures],
        days: [Day],
                              survey: Survey? = nil) -> BaselineComparison.Side {
        let ids = tenants.map(\.id)
        let overall = survey.flatMap { $0.overall.isEmpty ? nil : $0.overall }
        let rate = program.roi.hourlyRate
        return BaselineComparison.Side(period: ScopeFigures(ids.compactMap { window[$0] }, days: days.count,
            hourlyRate: rate, survey: overall),
                                       days: days.map { day in ScopeFigures(ids.compactMap { day.perTenant[$0] },
                                           days: 1, hourlyRate: rate) })
    }

    /// The figure keys every figures object carries (section 8.3), in order.
    static let figureKeys = [
        "success_rate_pct", "latency_p50_seconds", "latency_p95_seconds", "latency_p99_seconds", "tickets_enhanced",
        "tickets_per_day", "avg_rating", "rating_count", "thumbs_up", "thumbs_down", "positive_feedback_pct",
        "resolution_time_before_seconds", "resolution_time_after_seconds", "resolution_time_reduction_pct",
        "roi_hours_saved", "roi_value", "enhancements_finished", "enhancements_failed", "requests_count",
            "survey_overall_mean",
    ]

    /// One criterion with its statistics.
    static func criterionJSON(_ statistics: CriterionStatistics) -> JSONValue {
        let criterion = statistics.criterion
        return .object(JSONObject([
            ("id", .string(criterion.id)), ("label", .string(criterion.label)), ("metric", .string(criterion.metric)),
            ("op", .string(criterion.op.rawValue)), ("target", .double(criterion.target)), ("actual",
                number(statistics.actual)),
            ("met", statistics.actual.map { .bool(criterion.op.holds($0, criterion.target)) } ?? .null),
            ("unit", .string(statistics.unit)), ("n", number(statistics.n)),
            ("ci_low", number(statistics.interval?.low)), ("ci_high", number(statistics.interval?.high)),
            ("margin", number(statistics.actual.map { $0 - criterion.target })), ("verdict",
                .string(statistics.verdict.rawValue)),
            ("method", .string(statistics.method.rawValue)), ("settling_n", number(statistics.settlingSampleSize)),
        ]))
    }

    /// A tenant's row of the tenants table: what a per-tenant report of it computes.
    static func tenantJSON(_ tenant: Tenant, window: PeriodFigures?, days: [Day],
        program: ProgramDefinition) -> JSONValue {
        let period = ScopeFigures(window.map { [$0] } ?? [], days: days.count, hourlyRate: program.roi.hourlyRate)
        let daily = days.map { ScopeFigures($0.perTenant[tenant.id].map { [$0] } ?? [], days: 1,
            hourlyRate: program.roi.hourlyRate) }
        return .object(JSONObject([
            ("tenant_id", .string(tenant.id.uuidString.lowercased())), ("name", .string(tenant.name)),
            ("tickets_enhanced", number(period["tickets_enhanced"])), ("success_rate_pct",
                number(period["success_rate_pct"])),
            ("latency_p95_seconds", number(period["latency_p95_seconds"])), ("avg_rating",
                number(period["avg_rating"])),
            ("resolution_time_reduction_pct", number(period["resolution_time_reduction_pct"])),
            ("intervals", .object(JSONObject(tenantIntervalFigures.map { metric in
                let measured = CriterionStatistics.measure(metric, period: period, days: daily, survey: nil)
                return (metric, .object(JSONObject([("n", number(measured.n)),
                                                    ("ci_low", number(measured.interval?.low)),
                                                    ("ci_high", number(measured.interval?.high))])))
            }))),
            ("criteria", .array(program.criteria.map { criterion in
                let statistics = CriterionStatistics(criterion, period: period, days: daily, survey: nil)
                return .object(JSONObject([("id", .string(criterion.id)), ("actual", number(statistics.actual)),
                                           ("n", number(statistics.n)),
                                           ("ci_low", number(statistics.interval?.low)),
                                           ("ci_high", number(statistics.interval?.high)),
                                           ("verdict", .string(statistics.verdict.rawValue))]))
            })),
        ]))
    }

    /// The tenants table's figures, each given with its n and 95 % interval (`intervals` of a tenant entry).
    static let tenantIntervalFigures = ["success_rate_pct", "latency_p95_seconds", "avg_rating",
                                        "resolution_time_reduction_pct"]

    /// ROI figures, their basis and their interval from the research-time reduction's interval.
    static func roi(_ period: ScopeFigures, reductionInterval: Interval?, program: ProgramDefinition) -> JSONObject {
        let tickets = period["tickets_enhanced"], before = period["resolution_time_before_seconds"]
        let after = period["resolution_time_after_seconds"]
        let minutes = before.flatMap { b in after.map { (b - $0) / 60 } }
        func hours(_ reductionPct: Double?) -> Double? {
            tickets.flatMap { t in before.flatMap { b in reductionPct.map { t * b * $0 / 100 / 3600 } } }
        }
        let low = hours(reductionInterval?.low), high = hours(reductionInterval?.high)
        let rate = program.roi.hourlyRate
        return JSONObject([
            ("roi_hours_ci_low", number(low)), ("roi_hours_ci_high", number(high)),
            ("roi_value_ci_low", number(low.flatMap { h in rate.map { h * $0 } })),
            ("roi_value_ci_high", number(high.flatMap { h in rate.map { h * $0 } })),
            ("roi_basis", .object(JSONObject([
                ("tickets_enhanced", number(tickets)), ("minutes_saved_per_ticket", number(minutes)),
                ("hourly_rate", number(rate)), ("currency", .string(program.roi.currency)),
            ]))),
        ])
    }

    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .double((value * 1_000_000).rounded() / 1_000_000)
    }
}
