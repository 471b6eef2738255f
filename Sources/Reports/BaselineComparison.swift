import Program
import FoundationEssentials
import JSON
import Statistics

/// A week against the baseline window, criterion by criterion (PRODUCT.md section 8.4, "Against the
/// baseline"): the difference week − baseline, its 95 % interval and whether it improved. Pure.
///
/// Proportions use Newcombe's hybrid score interval; the in-product rating Welch's t on the ratings;
/// quantiles and day-series figures Welch's t over the daily values.
public enum BaselineComparison {
    /// One period's figures and its days', as the comparison needs them.
    public struct Side: Sendable {
        public let period: ScopeFigures
        public let days: [ScopeFigures]
        public init(period: ScopeFigures, days: [ScopeFigures]) {
            self.period = period
            self.days = days
        }
    }

    /// The `vs_baseline` entries of the figures object.
    public static func compare(_ criteria: [ProgramDefinition.Criterion], baseline: Side, week: Side) -> JSONValue {
        .array(criteria.map { criterion in
            let metric = criterion.metric
            // A period total (tickets, hours) is compared per day: the baseline and the week may differ in length.
            let additive = CriterionStatistics.isAdditive(metric)
            let before = additive ? Statistics.mean(baseline.days.compactMap { $0[metric] }) : baseline.period[metric]
            let now = additive ? Statistics.mean(week.days.compactMap { $0[metric] }) : week.period[metric]
            let interval = difference(metric, baseline: baseline, week: week)
            let change = before == nil || now == nil ? Change.noData
                : Change.judge(interval: interval,
                    higherIsBetter: criterion.op == .greaterThan || criterion.op == .greaterThanOrEqual)
            return .object(JSONObject([
                ("id", .string(criterion.id)), ("label", .string(criterion.label)),
                ("unit", .string(CriterionStatistics.unit(of: metric) + (additive ? " per day" : ""))),
                ("baseline", ReportFigures.number(before)), ("week", ReportFigures.number(now)),
                ("difference", ReportFigures.number(now.flatMap { n in before.map { n - $0 } })),
                ("ci_low", ReportFigures.number(interval?.low)), ("ci_high", ReportFigures.number(interval?.high)),
                ("verdict", .string(change.rawValue)),
            ]))
        })
    }

    /// The interval of week − baseline for a figure key.
    static func difference(_ metric: String, baseline: Side, week: Side) -> Interval? {
        switch metric {
        case "success_rate_pct":
            guard let kw = week.period["tickets_enhanced"], let nw = week.period["enhancements_finished"],
                  let kb = baseline.period["tickets_enhanced"],
                      let nb = baseline.period["enhancements_finished"] else { return nil }
            return Interval.newcombe(successes1: kw.rounded(), trials1: nw.rounded(), successes2: kb.rounded(),
                trials2: nb.rounded())?
                .scaled(by: 100)
        case "positive_feedback_pct":
            let w = week.period.combined.feedback, b = baseline.period.combined.feedback
            return Interval.newcombe(successes1: Double(w.thumbsUp), trials1: Double(w.thumbsUp + w.thumbsDown),
                                     successes2: Double(b.thumbsUp),
                                         trials2: Double(b.thumbsUp + b.thumbsDown))?.scaled(by: 100)
        case "avg_rating":
            let w = week.period.combined.feedback, b = baseline.period.combined.feedback
            guard let mw = w.averageRating, let sw = w.ratingStandardDeviation, let mb = b.averageRating,
                  let sb = b.ratingStandardDeviation else { return nil }
            return Interval.welch(mean1: mw, standardDeviation1: sw, count1: w.ratingCount, mean2: mb,
                standardDeviation2: sb, count2: b.ratingCount)
        default:
            return Interval.welch(week.days.compactMap { $0[metric] }, baseline.days.compactMap { $0[metric] })
        }
    }
}
