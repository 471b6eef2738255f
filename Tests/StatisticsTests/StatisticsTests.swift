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

    @Test("percentiles interpolate like NumPy", arguments: [(0.0, 1.0), (0.25, 1.75), (0.5, 2.5), (0.95, 3.85), (1.0, 4.0)])
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
    static let latency = [Bucket(upperBound: 1, count: 10), Bucket(upperBound: 5, count: 60), Bucket(upperBound: 30, count: 90),
                          Bucket(upperBound: 60, count: 98), Bucket(upperBound: 120, count: 100), Bucket(upperBound: .infinity, count: 100)]

    // p50: rank 50 in (1, 5] holding 50 → 1 + 4·40/50; p95: rank 95 in (30, 60] holding 8 → 30 + 30·5/8;
    // p99: rank 99 in (60, 120] holding 2 → 90; p05: rank 5 in (0, 1] holding 10 → 0.5.
    @Test("quantiles interpolate inside the bucket like Prometheus", arguments: [(0.5, 4.2), (0.95, 48.75), (0.99, 90.0), (0.05, 0.5)])
    func quantilesInterpolate(q: Double, expected: Double) throws {
        #expect(abs(try #require(HistogramQuantile.quantile(q, Self.latency)) - expected) < 1e-9)
    }

    @Test func rankInTheInfiniteBucketAnswersTheHighestFiniteBound() {
        let buckets = [Bucket(upperBound: 60, count: 90), Bucket(upperBound: .infinity, count: 100)]
        #expect(HistogramQuantile.quantile(0.95, buckets) == 60)
    }

    @Test func undefinedCasesAreNil() {
        #expect(HistogramQuantile.quantile(0.5, [Bucket(upperBound: 1, count: 0), Bucket(upperBound: .infinity, count: 0)]) == nil)
        #expect(HistogramQuantile.quantile(0.5, [Bucket(upperBound: 1, count: 3), Bucket(upperBound: 2, count: 5)]) == nil, "no +Inf bucket")
        #expect(HistogramQuantile.quantile(1.5, Self.latency) == nil)
    }

    @Test func summedIncreasesGiveTheWindowQuantileNotAnAverageOfQuantiles() throws {
        let quiet = [Bucket(upperBound: 1, count: 100), Bucket(upperBound: 100, count: 100), Bucket(upperBound: .infinity, count: 100)]
        let slow = [Bucket(upperBound: 1, count: 0), Bucket(upperBound: 100, count: 10), Bucket(upperBound: .infinity, count: 10)]
        let combined = try #require(HistogramQuantile.quantile(0.9, HistogramQuantile.sum([quiet, slow])))
        let averaged = (HistogramQuantile.quantile(0.9, quiet)! + HistogramQuantile.quantile(0.9, slow)!) / 2
        #expect(combined < 1, "90 % of 110 requests (99) took under 1 s")
        #expect(averaged > 40, "averaging quantiles would have reported a slow window")
    }

    @Test func decreasingCountsAreCarriedForward() {
        let racy = [Bucket(upperBound: 1, count: 10), Bucket(upperBound: 2, count: 8), Bucket(upperBound: .infinity, count: 12)]
        #expect(HistogramQuantile.quantile(0.5, racy) == 0.6)
    }
}
