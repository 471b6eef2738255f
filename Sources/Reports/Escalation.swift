import CivilTime

/// The week's escalation severity of PRODUCT.md section 8.8, with the reasons, from the snapshot's own
/// verdicts, anomalies and themes. Pure.
public enum Escalation {
    /// `critical`, `high`, `medium` or `low`, most severe first.
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case low, medium, high, critical
        static let order: [Severity] = [.low, .medium, .high, .critical]
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    /// What the rules read.
    public struct Inputs: Sendable {
        /// Criterion label → verdict this week.
        public var verdicts: [(label: String, id: String, verdict: String)]
        /// Criterion ids `not_met` in the previous snapshot.
        public var notMetBefore: Set<String>
        /// Local days (day numbers) with a `source_unavailable` anomaly this week.
        public var sourceUnavailableDays: [Int]
        /// Local days (day numbers) with any fail-level anomaly this week.
        public var failDays: Set<Int>
        /// Themes whose severity is high, each as people read it (`Accuracy (41 % of negative feedback)`).
        public var highThemes: [String]
        public init(verdicts: [(label: String, id: String, verdict: String)], notMetBefore: Set<String>,
                    sourceUnavailableDays: [Int], failDays: Set<Int>, highThemes: [String]) {
            self.verdicts = verdicts
            self.notMetBefore = notMetBefore
            self.sourceUnavailableDays = sourceUnavailableDays
            self.failDays = failDays
            self.highThemes = highThemes
        }
    }

    /// The severity and every reason that reaches it or a lower level, most severe first.
    public static func assess(_ inputs: Inputs) -> (severity: Severity, reasons: [String]) {
        var reasons: [(Severity, String)] = []
        if !inputs.sourceUnavailableDays.isEmpty {
            reasons.append((.critical,
                "a metric source was unavailable on \(inputs.sourceUnavailableDays.count) day(s)"))
        }
        for criterion in inputs.verdicts where criterion.verdict == "not_met" {
            if inputs.notMetBefore.contains(criterion.id) {
                reasons.append((.critical, "\(criterion.label) is not met for the second snapshot in a row"))
            } else {
                reasons.append((.high, "\(criterion.label) is not met"))
            }
        }
        let consecutive = inputs.failDays.filter { inputs.failDays.contains($0 + 1) }.sorted()
        if let first = consecutive.first {
            reasons.append((.high, "data-quality failures on consecutive days (from \(HumanTime.day(days: first)))"))
        }
        for criterion in inputs.verdicts where criterion.verdict == "inconclusive" {
            reasons.append((.medium, "\(criterion.label) is inconclusive"))
        }
        for theme in inputs.highThemes { reasons.append((.medium, "a top complaint in feedback: \(theme)")) }
        let severity = reasons.map(\.0).max() ?? .low
        // Most severe first; equal ones keep the order above (a stable sort by position).
        let ordered = reasons.enumerated().sorted { ($0.element.0, $1.offset) > ($1.element.0, $0.offset) }
        return (severity, ordered.map(\.element.1))
    }
}
