/// Quantiles from cumulative histogram buckets, computed the way Prometheus's `histogram_quantile` does
/// (promql/quantile.go): linear interpolation inside the bucket holding the rank; a rank in the `+Inf`
/// bucket answers the highest finite bound.
///
/// Quantiles over a window with excluded intervals are computed from the bucket increases summed over
/// the kept intervals (`sum(_:)`), never by averaging per-interval quantiles.
public enum HistogramQuantile {
    /// One cumulative bucket: observations ≤ `upperBound`.
    public struct Bucket: Sendable, Equatable {
        public let upperBound: Double
        public let count: Double
        public init(upperBound: Double, count: Double) {
            self.upperBound = upperBound
            self.count = count
        }
    }

    /// The `q`-quantile, or nil when it is undefined (no observations, no `+Inf` bucket, fewer than two
    /// buckets, q outside 0…1).
    public static func quantile(_ q: Double, _ buckets: [Bucket]) -> Double? {
        guard q >= 0, q <= 1, !q.isNaN else { return nil }
        var sorted = buckets.sorted { $0.upperBound < $1.upperBound }
        guard sorted.count >= 2, sorted.last?.upperBound == .infinity else { return nil }
        // Counts must not decrease (scrape races can make them); Prometheus carries the maximum forward.
        var maximum = 0.0
        for index in sorted.indices {
            maximum = max(maximum, sorted[index].count)
            sorted[index] = Bucket(upperBound: sorted[index].upperBound, count: maximum)
        }
        let observations = sorted[sorted.count - 1].count
        guard observations > 0 else { return nil }
        var rank = q * observations
        let b = sorted.firstIndex { $0.count >= rank } ?? sorted.count - 1
        if b == sorted.count - 1 { return sorted[sorted.count - 2].upperBound }
        if b == 0 && sorted[0].upperBound <= 0 { return sorted[0].upperBound }
        var start = 0.0
        let end = sorted[b].upperBound
        var count = sorted[b].count
        if b > 0 {
            start = sorted[b - 1].upperBound
            count -= sorted[b - 1].count
            rank -= sorted[b - 1].count
        }
        return start + (end - start) * (rank / count)
    }

    /// Bucket-wise sums of several histograms with the same bounds (per-interval increases to combine).
    public static func sum(_ histograms: [[Bucket]]) -> [Bucket] {
        var totals: [Double: Double] = [:]
        for histogram in histograms {
            for bucket in histogram { totals[bucket.upperBound, default: 0] += bucket.count }
        }
        return totals.map { Bucket(upperBound: $0.key, count: $0.value) }.sorted { $0.upperBound < $1.upperBound }
    }
}
