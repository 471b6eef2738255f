import Statistics
import Testing

@Suite("Statistics")
struct StatisticsTests {
    @Test func basicFiguresMatchHandComputedValues() throws {
        let values = [2.0, 4, 4, 4, 5, 5, 7, 9]
        #expect(Statistics.mean(values) == 5)
        #expect(Statistics.median(values) == 4.5)
        #expect(abs(try #require(Statistics.standardDeviation(values)) - 2.138089935) < 1e-9)
        #expect(Statistics.medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9]) == 1)
    }

    @Test func emptyInputIsNilNotZero() {
        #expect(Statistics.mean([]) == nil)
        #expect(Statistics.median([]) == nil)
        #expect(Statistics.standardDeviation([3]) == nil)
        #expect(Statistics.percentile([], 0.95) == nil)
        #expect(Statistics.robustZ(1, reference: []) == nil)
    }

    @Test("percentiles interpolate like NumPy",
          arguments: [(0.0, 1.0), (0.25, 1.75), (0.5, 2.5), (0.95, 3.85), (1.0, 4.0)])
    func percentilesInterpolate(p: Double, expected: Double) throws {
        #expect(abs(try #require(Statistics.percentile([4, 1, 3, 2], p)) - expected) < 1e-12)
    }

    @Test func robustZFlagsAnOutlierAndHandlesFlatReferences() throws {
        let reference = [100.0, 102, 98, 101, 99, 100, 103]
        let z = try #require(Statistics.robustZ(160, reference: reference))
        #expect(z > 3.5)
        #expect(abs(try #require(Statistics.robustZ(100, reference: reference))) < 0.01)
        #expect(Statistics.robustZ(5, reference: [5, 5, 5, 5]) == 0)
        #expect(Statistics.robustZ(6, reference: [5, 5, 5, 5]) == .infinity)
        let mostlyFlat = try #require(Statistics.robustZ(9, reference: [5, 5, 5, 5, 5, 7]))
        #expect(mostlyFlat.isFinite && mostlyFlat > 3.5)
    }
}

@Suite("Histogram quantiles")
struct HistogramQuantileTests {
    typealias Bucket = HistogramQuantile.Bucket
    static let latency = [Bucket(upperBound: 1, count: 10), Bucket(upperBound: 5, count: 60),
                          Bucket(upperBound: 30, count: 90),
                          Bucket(upperBound: 60, count: 98), Bucket(upperBound: 120,
                                  count: 100), Bucket(upperBound: .infinity, count: 100)]

    // p50: rank 50 in (1, 5] holding 50 → 1 + 4·40/50; p95: rank 95 in (30, 60] holding 8 → 30 + 30·5/8;
    // p99: rank 99 in (60, 120] holding 2 → 90; p05: rank 5 in (0, 1] holding 10 → 0.5.
    @Test("quantiles interpolate inside the bucket like Prometheus",
          arguments: [(0.5, 4.2), (0.95, 48.75), (0.99, 90.0), (0.05, 0.5)])
    func quantilesInterpolate(q: Double, expected: Double) throws {
        #expect(abs(try #require(HistogramQuantile.quantile(q, Self.latency)) - expected) < 1e-9)
    }

    @Test func rankInTheInfiniteBucketAnswersTheHighestFiniteBound() {
        let buckets = [Bucket(upperBound: 60, count: 90), Bucket(upperBound: .infinity, count: 100)]
        #expect(HistogramQuantile.quantile(0.95, buckets) == 60)
    }

    @Test func undefinedCasesAreNil() {
        #expect(HistogramQuantile.quantile(0.5,
                [Bucket(upperBound: 1, count: 0), Bucket(upperBound: .infinity, count: 0)]) == nil)
        #expect(HistogramQuantile.quantile(0.5,
                [Bucket(upperBound: 1, count: 3), Bucket(upperBound: 2, count: 5)]) == nil, "no +Inf bucket")
        #expect(HistogramQuantile.quantile(1.5, Self.latency) == nil)
    }

    @Test func summedIncreasesGiveTheWindowQuantileNotAnAverageOfQuantiles() throws {
        let quiet = [Bucket(upperBound: 1, count: 100), Bucket(upperBound: 100, count: 100),
                     Bucket(upperBound: .infinity, count: 100)]
        let slow = [Bucket(upperBound: 1, count: 0), Bucket(upperBound: 100, count: 10),
                    Bucket(upperBound: .infinity, count: 10)]
        let combined = try #require(HistogramQuantile.quantile(0.9, HistogramQuantile.sum([quiet, slow])))
        let averaged = (HistogramQuantile.quantile(0.9, quiet)! + HistogramQuantile.quantile(0.9, slow)!) / 2
        #expect(combined < 1, "90 % of 110 requests (99) took under 1 s")
        #expect(averaged > 40, "averaging quantiles would have reported a slow window")
    }

    @Test func decreasingCountsAreCarriedForward() {
        let racy = [Bucket(upperBound: 1, count: 10), Bucket(upperBound: 2, count: 8),
                    Bucket(upperBound: .infinity, count: 12)]
        #expect(HistogramQuantile.quantile(0.5, racy) == 0.6)
    }
}

/// Interval methods against published values (PRODUCT.md section 8.3).
@Suite("Confidence intervals")
struct IntervalTests {
    /// Student's t critical values t(0.975, df) as printed in standard tables.
    @Test("t quantiles match the tables for small samples", arguments: [
        (1.0, 12.7062), (2, 4.3027), (3, 3.1824), (5, 2.5706), (10, 2.2281), (30, 2.0423), (100, 1.9840),
    ])
    func tQuantilesMatchTables(degrees: Double, expected: Double) throws {
        let t = try #require(StudentT.quantile(0.975, degrees: degrees))
        #expect(abs(t - expected) < 0.00006, "t(0.975, \(degrees)) = \(t)")
        #expect(abs(try #require(StudentT.quantile(0.025, degrees: degrees)) + expected) < 0.00006)
    }

    /// Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table II, method 3
    /// (Wilson score, no continuity correction).
    @Test("Wilson intervals match Newcombe's examples", arguments: [
        (81.0, 263.0, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0000, 0.1611), (1, 29, 0.0061, 0.1718),
    ])
    func wilsonMatchesNewcombe(successes: Double, trials: Double, low: Double, high: Double) throws {
        let interval = try #require(Interval.wilson(successes: successes, trials: trials))
        #expect(abs(interval.low - low) < 0.00006 && abs(interval.high - high) < 0.00006, "\(interval)")
    }

    /// Newcombe (1998), "Interval estimation for the difference between independent proportions",
    /// Table II, method 10 (hybrid score).
    @Test("Newcombe's hybrid score interval matches his examples", arguments: [
        (56.0, 70.0, 48.0, 80.0, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090),
    ])
    func newcombeMatchesPublished(k1: Double, n1: Double, k2: Double, n2: Double, low: Double, high: Double) throws {
        let interval = try #require(Interval.newcombe(successes1: k1, trials1: n1, successes2: k2, trials2: n2))
        #expect(abs(interval.low - low) < 0.00006 && abs(interval.high - high) < 0.00006, "\(interval)")
    }

    @Test func meanIntervalUsesTForSmallSamplesAndNeedsTwoValues() throws {
        // 4, 5, 3, 5, 4: mean 4.2, s = 0.83666, t(0.975, 4) = 2.7764 → 4.2 ± 1.0388.
        let interval = try #require(Interval.mean(of: [4, 5, 3, 5, 4]))
        #expect(abs(interval.low - 3.1612) < 0.0001 && abs(interval.high - 5.2388) < 0.0001, "\(interval)")
        #expect(Interval.mean(of: [4]) == nil)
        #expect(Interval.daySeries(30, daily: [28, 32]) != nil && Interval.daySeries(30, daily: [28]) == nil)
    }

    @Test func welchIntervalMatchesTheWelchSatterthwaiteFormula() throws {
        // Means 10 and 8, s 2 and 3, n 10 and 12: se = 1.0724, df = 19.19, t = 2.0916 → 2 ± 2.2430 (scipy agrees).
        let interval = try #require(Interval.welch(mean1: 10, standardDeviation1: 2, count1: 10, mean2: 8,
            standardDeviation2: 3, count2: 12))
        #expect(abs(interval.low - (-0.2430)) < 0.001 && abs(interval.high - 4.2430) < 0.001, "\(interval)")
    }

    @Test func quantileIntervalReadsTheRankBoundsOffTheSameBuckets() throws {
        // 1,000 observations: 900 ≤ 1 s, 80 more ≤ 10 s, 20 more ≤ 100 s. p95: rank 950 (in 1-10 s);
        // ranks 950 ± 1.96·√47.5 = 936.5 … 963.5.
        let buckets = [HistogramQuantile.Bucket(upperBound: 1, count: 900), .init(upperBound: 10, count: 980),
                       .init(upperBound: 100, count: 1000), .init(upperBound: .infinity, count: 1000)]
        let interval = try #require(Interval.histogramQuantile(0.95, buckets))
        let point = try #require(HistogramQuantile.quantile(0.95, buckets))
        #expect(interval.contains(point))
        #expect(abs(interval.low - (1 + 9 * (936.4918 - 900) / 80)) < 0.001, "\(interval)")
        #expect(abs(interval.high - (1 + 9 * (963.5082 - 900) / 80)) < 0.001, "\(interval)")
    }

    @Test("verdicts need the whole interval on one side", arguments: [
        (98.4, 98.3, 98.5, Verdict.Comparison.greater, 95.0, Verdict.met), (96.0, 94.0, 98.0, .greater, 95,
            .inconclusive),
        (90.0, 88.0, 92.0, .greater, 95, .notMet), (34.8, 30.0, 40.0, .less, 60, .met), (70, 61, 79, .less, 60,
            .notMet),
        (99, 99, 99.5, .greaterOrEqual, 99, .met), (99, 98.5, 99, .greater, 99, .notMet),
    ])
    func verdictsNeedTheWholeInterval(actual: Double, low: Double, high: Double, op: Verdict.Comparison, target: Double,
        expected: Verdict) {
        #expect(Verdict.judge(actual: actual, interval: Interval(low, high), op, target) == expected)
    }

    @Test func noValueIsNoDataAndNoIntervalIsInconclusive() {
        #expect(Verdict.judge(actual: nil, interval: nil, .greater, 4) == .noData)
        #expect(Verdict.judge(actual: 4.2, interval: nil, .greater, 4) == .inconclusive)
    }

    @Test func theSettlingSampleSizeGrowsAsTheSquareOfTheRatio() throws {
        // 4.07 (4.03–4.11) from 400 ratings against > 4.05: the lower half-width 0.04 must shrink to 0.02.
        let n = try #require(Verdict.settlingSampleSize(actual: 4.07, interval: Interval(4.03, 4.11), target: 4.05,
            n: 400))
        #expect(abs(n - 1600) <= 1)
        #expect(Verdict.settlingSampleSize(actual: 4.05, interval: Interval(4.0, 4.1), target: 4.05, n: 400) == nil)
    }

    @Test func changesAreJudgedByTheDifferencesInterval() {
        #expect(Change.judge(interval: Interval(0.5, 2), higherIsBetter: true) == .improved)
        #expect(Change.judge(interval: Interval(0.5, 2), higherIsBetter: false) == .regressed)
        #expect(Change.judge(interval: Interval(-1, 2), higherIsBetter: true) == .noDetectableChange)
        #expect(Change.judge(interval: nil, higherIsBetter: true) == .noData)
    }
}
