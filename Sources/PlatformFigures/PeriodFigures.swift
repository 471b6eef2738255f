import FoundationEssentials
import Statistics

/// What a period's sources say for one tenant (or all, tenant nil).
public struct PeriodFigures: Sendable, Equatable {
    public var tickets: Double?
    public var failures: Double?
    public var latencyBuckets: [HistogramQuantile.Bucket]
    public var resolutionBefore: Double?
    public var resolutionAfter: Double?
    public var feedback: FeedbackSummary
    /// Seconds of the period left after exclusions.
    public var keptSeconds: Double

    /// Several tenants' figures of the same period together: counts, buckets and feedback added;
    /// gauges left out (they are combined weighted by tickets, which needs each tenant's figures).
    public static func combined(_ parts: [PeriodFigures]) -> PeriodFigures {
        func sum(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +)
        }
        var feedback = FeedbackSummary(ratingCount: 0, ratingSum: 0, thumbsUp: 0, thumbsDown: 0)
        for part in parts {
            feedback.ratingCount += part.feedback.ratingCount
            feedback.ratingSum += part.feedback.ratingSum
            feedback.ratingSquares += part.feedback.ratingSquares
            feedback.thumbsUp += part.feedback.thumbsUp
            feedback.thumbsDown += part.feedback.thumbsDown
        }
        return PeriodFigures(tickets: sum(parts.map(\.tickets)), failures: sum(parts.map(\.failures)),
                       latencyBuckets: HistogramQuantile.sum(parts.map(\.latencyBuckets)), resolutionBefore: nil,
                           resolutionAfter: nil,
                       feedback: feedback, keptSeconds: parts.map(\.keptSeconds).max() ?? 0)
    }

    public init(tickets: Double?, failures: Double?, latencyBuckets: [HistogramQuantile.Bucket],
                resolutionBefore: Double?,
                resolutionAfter: Double?, feedback: FeedbackSummary, keptSeconds: Double) {
        self.tickets = tickets
        self.failures = failures
        self.latencyBuckets = latencyBuckets
        self.resolutionBefore = resolutionBefore
        self.resolutionAfter = resolutionAfter
        self.feedback = feedback
        self.keptSeconds = keptSeconds
    }
}
