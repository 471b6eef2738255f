#if canImport(Glibc)
import Glibc
#endif

/// Student's t distribution: its CDF through the regularized incomplete beta function, and quantiles by
/// bisection on it (to 1e-12), so small samples get exact critical values rather than a normal guess.
public enum StudentT {
    /// P(T ≤ t) for `degrees` > 0 degrees of freedom (fractional degrees allowed, as Welch's test needs).
    public static func cdf(_ t: Double, degrees: Double) -> Double {
        guard degrees > 0, t.isFinite else { return t > 0 ? 1 : 0 }
        let x = degrees / (degrees + t * t)
        let tail = 0.5 * IncompleteBeta.regularized(x, a: degrees / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The `p`-quantile (0 < p < 1): t(0.975, 1) = 12.706, t(0.975, 10) = 2.228.
    public static func quantile(_ p: Double, degrees: Double) -> Double? {
        guard p > 0, p < 1, degrees > 0 else { return nil }
        if p == 0.5 { return 0 }
        if p < 0.5 { return quantile(1 - p, degrees: degrees).map { -$0 } }
        var low = 0.0, high = 1.0
        while cdf(high, degrees: degrees) < p { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cdf(middle, degrees: degrees) < p { low = middle } else { high = middle }
            if high - low < 1e-12 { break }
        }
        return (low + high) / 2
    }
}

/// The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction.
enum IncompleteBeta {
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x))
        // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) { return front * fraction(x, a: a, b: b) / a }
        return 1 - front * fraction(1 - x, a: b, b: a) / b
    }

    private static func fraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...300 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
