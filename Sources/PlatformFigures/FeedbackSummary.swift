import FoundationEssentials

/// Feedback counts of one tenant over a window.
public struct FeedbackSummary: Sendable, Equatable {
    public var ratingCount: Int
    public var ratingSum: Int
    /// The sum of the squared ratings, for their standard deviation.
    public var ratingSquares: Int
    public var thumbsUp: Int
    public var thumbsDown: Int
    /// Counts as read.
    public init(ratingCount: Int, ratingSum: Int, ratingSquares: Int = 0, thumbsUp: Int, thumbsDown: Int) {
        self.ratingCount = ratingCount
        self.ratingSum = ratingSum
        self.ratingSquares = ratingSquares
        self.thumbsUp = thumbsUp
        self.thumbsDown = thumbsDown
    }

    /// The sample standard deviation of the ratings, or nil for fewer than two.
    public var ratingStandardDeviation: Double? {
        guard ratingCount >= 2 else { return nil }
        let n = Double(ratingCount), sum = Double(ratingSum)
        return max((Double(ratingSquares) - sum * sum / n) / (n - 1), 0).squareRoot()
    }

    /// The mean rating, or nil without ratings.
    public var averageRating: Double? { ratingCount == 0 ? nil : Double(ratingSum) / Double(ratingCount) }
}
