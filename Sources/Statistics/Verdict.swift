/// How a figure stands against a target once its uncertainty is counted (PRODUCT.md section 8.3).
public enum Verdict: String, Sendable, CaseIterable {
    /// The whole interval is on the target's side.
    case met
    /// The whole interval is on the other side.
    case notMet = "not_met"
    /// The interval straddles the target, or there is no interval.
    case inconclusive
    /// No value at all.
    case noData = "no_data"

    /// A comparison with a target.
    public enum Comparison: String, Sendable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
    }

    /// The verdict for `actual` with `interval` against `comparison target`.
    public static func judge(actual: Double?, interval: Interval?, _ comparison: Comparison,
        _ target: Double) -> Verdict {
        guard actual != nil else { return .noData }
        guard let interval else { return .inconclusive }
        switch comparison {
        case .greater:
            if interval.low > target { return .met }
            if interval.high <= target { return .notMet }
        case .greaterOrEqual:
            if interval.low >= target { return .met }
            if interval.high < target { return .notMet }
        case .less:
            if interval.high < target { return .met }
            if interval.low >= target { return .notMet }
        case .lessOrEqual:
            if interval.high <= target { return .met }
            if interval.low > target { return .notMet }
        }
        return .inconclusive
    }

    /// For an inconclusive verdict: about how many observations (at today's `n`, assuming the value and
    /// spread stay the same) would shrink the interval enough to clear the target; nil when the value sits
    /// on the target (no sample size settles it) or there is no interval.
    public static func settlingSampleSize(actual: Double, interval: Interval, target: Double, n: Double) -> Double? {
        let distance = abs(actual - target)
        guard distance > 0, n > 0 else { return nil }
        // The half-width on the target's side shrinks as 1/√n.
        let half = actual > target ? actual - interval.low : interval.high - actual
        guard half > distance else { return n }
        return (n * (half / distance) * (half / distance)).rounded(.up)
    }
}

/// How a week compares with the baseline, once the difference's interval is counted (PRODUCT.md 8.4).
public enum Change: String, Sendable {
    /// The interval excludes zero on the favourable side.
    case improved
    /// The interval excludes zero on the unfavourable side.
    case regressed
    /// The interval contains zero.
    case noDetectableChange = "no_detectable_change"
    /// A side has no data.
    case noData = "no_data"

    /// The change for a difference (week − baseline) with `interval`; `higherIsBetter` from the criterion.
    public static func judge(interval: Interval?, higherIsBetter: Bool) -> Change {
        guard let interval else { return .noData }
        if interval.low > 0 { return higherIsBetter ? .improved : .regressed }
        if interval.high < 0 { return higherIsBetter ? .regressed : .improved }
        return .noDetectableChange
    }
}
