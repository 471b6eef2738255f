#if canImport(Glibc)
import Glibc
#endif

/// A two-sided confidence interval [`low`, `high`] (95 % unless said otherwise), and the methods of
/// PRODUCT.md section 8.3 that produce one. Every method returns nil when the data cannot support an
/// interval (no trials, fewer than two observations): a missing interval is never a made-up one.
public struct Interval: Sendable, Equatable {
    /// The lower bound.
    public let low: Double
    /// The upper bound.
    public let high: Double

    /// An interval; the bounds are ordered.
    public init(_ a: Double, _ b: Double) {
        low = min(a, b)
        high = max(a, b)
    }

    /// The normal quantile of a two-sided 95 % interval.
    public static let z95 = 1.959964

    /// Half the width.
    public var halfWidth: Double { (high - low) / 2 }

    /// Whether `value` lies inside (bounds included).
    public func contains(_ value: Double) -> Bool { low <= value && value <= high }

    /// Each bound scaled by `factor` (a proportion shown as a percentage).
    public func scaled(by factor: Double) -> Interval { Interval(low * factor, high * factor) }

    // MARK: - Methods

    /// Wilson's score interval for `successes` of `trials` (Wilson 1927; Newcombe 1998, method 3).
    public static func wilson(successes: Double, trials: Double, z: Double = z95) -> Interval? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let p = successes / trials
        let z2 = z * z
        let centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
        let half = z / (1 + z2 / trials) * (p * (1 - p) / trials + z2 / (4 * trials * trials)).squareRoot()
        return Interval(max(0, centre - half), min(1, centre + half))
    }

    /// mean ± t(0.975, n − 1) · s / √n for `n` observations with sample standard deviation `s`; nil when
    /// the observations show no spread at all (s = 0): two identical answers say nothing about uncertainty.
    public static func mean(_ mean: Double, standardDeviation s: Double, count n: Int) -> Interval? {
        guard n >= 2, s.isFinite, s > 0, let t = StudentT.quantile(0.975, degrees: Double(n - 1)) else { return nil }
        let half = t * s / Double(n).squareRoot()
        return Interval(mean - half, mean + half)
    }

    /// The t interval of the mean of `values` (nil for fewer than two).
    public static func mean(of values: [Double]) -> Interval? {
        guard let mean = Statistics.mean(values), let s = Statistics.standardDeviation(values) else { return nil }
        return Self.mean(mean, standardDeviation: s, count: values.count)
    }

    /// `actual` ± t(0.975, m − 1) · s_d / √m over the `daily` values (days without data left out): the
    /// day-to-day variation of a figure that has no simpler sampling model. For a figure that is the
    /// period's total of its days (`additive`, such as tickets), the total's interval is m times that of
    /// the daily mean: ± t · s_d · √m.
    public static func daySeries(_ actual: Double, daily: [Double], additive: Bool = false) -> Interval? {
        let values = daily.filter(\.isFinite)
        guard values.count >= 2, let s = Statistics.standardDeviation(values),
              let t = StudentT.quantile(0.975, degrees: Double(values.count - 1)) else { return nil }
        let m = Double(values.count)
        let half = additive ? t * s * m.squareRoot() : t * s / m.squareRoot()
        return Interval(actual - half, actual + half)
    }

    /// The interval of the `q`-quantile of a histogram: ranks n·q ± z·√(n·q·(1 − q)) clamped to [0, n],
    /// each read off the same buckets with the interpolation of `histogram_quantile`.
    public static func histogramQuantile(_ q: Double, _ buckets: [HistogramQuantile.Bucket],
        z: Double = z95) -> Interval? {
        let n = buckets.map(\.count).max() ?? 0
        guard n > 0, q > 0, q < 1 else { return nil }
        let spread = z * (n * q * (1 - q)).squareRoot()
        let lowRank = min(max(n * q - spread, 0), n), highRank = min(max(n * q + spread, 0), n)
        guard let low = HistogramQuantile.quantile(lowRank / n, buckets),
              let high = HistogramQuantile.quantile(highRank / n, buckets) else { return nil }
        // Rank 0 in an empty first bucket interpolates 0/0: the lowest possible value is the bucket's start.
        return Interval(low.isNaN ? 0 : low, high.isNaN ? 0 : high)
    }

    /// Newcombe's hybrid score interval for the difference p1 − p2 of two independent proportions
    /// (Newcombe 1998, method 10), from the Wilson intervals of each.
    public static func newcombe(successes1: Double, trials1: Double, successes2: Double, trials2: Double,
                                z: Double = z95) -> Interval? {
        guard let w1 = wilson(successes: successes1, trials: trials1, z: z),
              let w2 = wilson(successes: successes2, trials: trials2, z: z) else { return nil }
        let p1 = successes1 / trials1, p2 = successes2 / trials2
        let d = p1 - p2
        let lowGap = ((p1 - w1.low) * (p1 - w1.low) + (w2.high - p2) * (w2.high - p2)).squareRoot()
        let highGap = ((w1.high - p1) * (w1.high - p1) + (p2 - w2.low) * (p2 - w2.low)).squareRoot()
        return Interval(d - lowGap, d + highGap)
    }

    /// Welch's t interval for the difference of two means, with the Welch–Satterthwaite degrees of freedom.
    public static func welch(mean1: Double, standardDeviation1 s1: Double, count1 n1: Int,
                             mean2: Double, standardDeviation2 s2: Double, count2 n2: Int) -> Interval? {
        guard n1 >= 2, n2 >= 2 else { return nil }
        let v1 = s1 * s1 / Double(n1), v2 = s2 * s2 / Double(n2)
        let se = (v1 + v2).squareRoot()
        let d = mean1 - mean2
        guard se > 0 else { return Interval(d, d) }
        let degrees = (v1 + v2) * (v1 + v2) / (v1 * v1 / Double(n1 - 1) + v2 * v2 / Double(n2 - 1))
        guard let t = StudentT.quantile(0.975, degrees: degrees) else { return nil }
        return Interval(d - t * se, d + t * se)
    }

    /// Welch's interval for the difference of the means of two samples.
    public static func welch(_ first: [Double], _ second: [Double]) -> Interval? {
        guard let m1 = Statistics.mean(first), let s1 = Statistics.standardDeviation(first),
              let m2 = Statistics.mean(second), let s2 = Statistics.standardDeviation(second) else { return nil }
        return welch(mean1: m1, standardDeviation1: s1, count1: first.count, mean2: m2, standardDeviation2: s2,
            count2: second.count)
    }
}
