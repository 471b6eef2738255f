import FoundationEssentials

/// Rating distribution and comments over a window.
public struct FeedbackDetails: Sendable {
    /// Count per rating value 1-5.
    public var distribution: [Int: Int]
    /// Comments, newest first.
    public var comments: [Comment]

    /// A window's distribution and comments.
    public init(distribution: [Int: Int], comments: [Comment]) {
        self.distribution = distribution
        self.comments = comments
    }

    /// One comment.
    public struct Comment: Sendable {
        public let tenantID: UUID
        public let createdAt: Date
        /// `thumbs_up`, `thumbs_down` or `rating`.
        public let type: String
        public let rating: Int?
        public let text: String

        /// A comment as read.
        public init(tenantID: UUID, createdAt: Date, type: String, rating: Int?, text: String) {
            self.tenantID = tenantID
            self.createdAt = createdAt
            self.type = type
            self.rating = rating
            self.text = text
        }
    }
}
