import FoundationEssentials
import Statistics

/// Everything a report needs from its sources over a period, per tenant and per interval: counter and
/// histogram-bucket increases and gauge averages for each `step`-second interval (keyed by the
/// interval's end), and the feedback rows. Fetched once with grouped queries (`PeriodFigureSource`),
/// then sliced in memory: any tenant subset, any day, any excluded windows, the same computation.
///
/// Pure: no I/O.
public struct PeriodData: Sendable {
    /// The interval length in seconds.
    public let step: Int
    /// Per tenant, per `status` label, the increase of each interval.
    public var statusIncreases: [UUID: [String: [Date: Double]]] = [:]
    /// Per tenant, per bucket bound, the increase of each interval.
    public var bucketIncreases: [UUID: [Double: [Date: Double]]] = [:]
    /// Per tenant, the average of the research-time-before gauge over each interval.
    public var resolutionBefore: [UUID: [Date: Double]] = [:]
    /// Per tenant, the average of the research-time-after gauge over each interval.
    public var resolutionAfter: [UUID: [Date: Double]] = [:]
    /// Per tenant, the feedback rows.
    public var feedback: [UUID: [FeedbackRow]] = [:]

    /// One row of `enhancement_feedback`, as the figures need it.
    public struct FeedbackRow: Sendable, Equatable {
        public let createdAt: Date
        public let type: String
        public let rating: Int?
        public init(createdAt: Date, type: String, rating: Int?) {
            self.createdAt = createdAt
            self.type = type
            self.rating = rating
        }
    }

    /// Empty data for intervals of `step` seconds.
    public init(step: Int) { self.step = step }

    /// The figures of `tenants` together over `[start, end)`, leaving out intervals that overlap an
    /// `excluded` window. An interval counts when it ends in `(start, end]`.
    public func figures(tenants: [UUID], start: Date, end: Date, excluded: [(Date,
        Date)] = []) -> PeriodFigures {
        let span = TimeInterval(step)
        func kept(_ time: Date) -> Bool {
            time > start && time <= end && !excluded.contains { $0.0 < time && time.addingTimeInterval(-span) < $0.1 }
        }
        var statusTotals: [String: Double] = [:]
        var anyStatus = false
        var bucketTotals: [Double: Double] = [:]
        var feedbackSummary = FeedbackSummary(ratingCount: 0, ratingSum: 0, thumbsUp: 0, thumbsDown: 0)
        for tenant in tenants {
            // Only samples inside the slice count as data: a day without any is nil, never a made-up 0.
            for (status, increases) in statusIncreases[tenant] ?? [:] {
                for (time, value) in increases where kept(time) && !value.isNaN {
                    anyStatus = true
                    statusTotals[status, default: 0] += value
                }
            }
            for (bound, increases) in bucketIncreases[tenant] ?? [:] {
                bucketTotals[bound,
                    default: 0] += increases.reduce(0) { kept($1.key) && !$1.value.isNaN ? $0 + $1.value : $0 }
            }
            for row in feedback[tenant] ?? [] where row.createdAt >= start && row.createdAt < end {
                feedbackSummary.add(row)
            }
        }
        var intervals = 0
        var cursor = start.addingTimeInterval(span)
        while cursor <= end {
            if kept(cursor) { intervals += 1 }
            cursor = cursor.addingTimeInterval(span)
        }
        return PeriodFigures(
            tickets: anyStatus ? statusTotals["success",
                default: 0] : nil, failures: anyStatus ? statusTotals["failure", default: 0] : nil,
            latencyBuckets: bucketTotals.map { HistogramQuantile.Bucket(upperBound: $0.key,
                count: $0.value) }.sorted { $0.upperBound < $1.upperBound },
            resolutionBefore: gaugeAverage(resolutionBefore, tenants,
                kept), resolutionAfter: gaugeAverage(resolutionAfter, tenants, kept),
            feedback: feedbackSummary, keptSeconds: Double(intervals * step))
    }

    /// The time average of a gauge over the kept intervals, averaged across the tenants' series at each
    /// interval (as PromQL's `avg` would).
    private func gaugeAverage(_ gauge: [UUID: [Date: Double]], _ tenants: [UUID], _ kept: (Date) -> Bool) -> Double? {
        var byTime: [Date: (sum: Double, count: Int)] = [:]
        for tenant in tenants {
            for (time, value) in gauge[tenant] ?? [:] where kept(time) && value.isFinite {
                byTime[time, default: (0, 0)].sum += value
                byTime[time, default: (0, 0)].count += 1
            }
        }
        return Statistics.mean(byTime.values.map { $0.sum / Double($0.count) })
    }
}

extension FeedbackSummary {
    /// Counts one feedback row.
    mutating func add(_ row: PeriodData.FeedbackRow) {
        switch row.type {
        case "rating":
            if let rating = row.rating {
                ratingCount += 1
                ratingSum += rating
                ratingSquares += rating * rating
            }
        case "thumbs_up": thumbsUp += 1
        case "thumbs_down": thumbsDown += 1
        default: break
        }
    }
}
