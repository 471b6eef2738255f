/// Descriptive statistics for report figures and data-quality checks. Pure; `nil` means "no data",
/// never a made-up zero.
public enum Statistics {
    /// The arithmetic mean.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// The median (the mean of the two middle values for an even count).
    public static func median(_ values: [Double]) -> Double? {
        percentile(values, 0.5)
    }

    /// The sample standard deviation (n − 1); nil for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The median absolute deviation from the median (unscaled).
    public static func medianAbsoluteDeviation(_ values: [Double]) -> Double? {
        guard let median = median(values) else { return nil }
        return self.median(values.map { abs($0 - median) })
    }

    /// The robust (modified) z-score of `value` against `reference`: 0.6745 (x − median) / MAD
    /// (Iglewicz and Hoaglin). When more than half the reference values are equal (MAD 0) it falls back to
    /// the mean absolute deviation, (x − median) / (1.2533 · meanAD); when every reference value is equal,
    /// a different value is infinitely far (±∞) and an equal one is 0. Nil without reference values.
    ///
    /// `minimumScale` floors the MAD: days that agree to the last decimal would otherwise make any small
    /// wobble look extreme.
    public static func robustZ(_ value: Double, reference: [Double], minimumScale: Double = 0) -> Double? {
        guard let median = median(reference), var mad = medianAbsoluteDeviation(reference) else { return nil }
        mad = max(mad, minimumScale)
        if mad > 0 { return 0.6745 * (value - median) / mad }
        let meanAD = reference.reduce(0) { $0 + abs($1 - median) } / Double(reference.count)
        if meanAD > 0 { return (value - median) / (1.253314 * meanAD) }
        if value == median { return 0 }
        return value > median ? .infinity : -.infinity
    }

    /// The `p`-quantile (0…1) with linear interpolation between closest ranks (R's type 7, NumPy's
    /// default).
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty, p >= 0, p <= 1 else { return nil }
        let sorted = values.sorted()
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
