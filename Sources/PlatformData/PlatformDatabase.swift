import FoundationEssentials
import PlatformFigures
import Postgres

/// The platform's own tables (PRODUCT.md section 2.2), read as the runner's role under row-level
/// security: every tenant read runs in that tenant's context and also filters by tenant in SQL.
public struct PlatformDatabase: Sendable {
    private let database: Database

    /// Reads through `database` (a role without BYPASSRLS).
    public init(database: Database) { self.database = database }

    /// A tenant of the registry (`tenant_configs`, not under RLS).
    public struct Tenant: Sendable, Equatable {
        public let id: UUID
        public let name: String?
    }

    /// Rating distribution and comments over a window (a value type of the pure `PlatformFigures`).
    public typealias FeedbackDetails = PlatformFigures.FeedbackDetails
    /// Feedback counts of one tenant over a window (a value type of the pure `PlatformFigures`).
    public typealias FeedbackSummary = PlatformFigures.FeedbackSummary

    /// Every tenant of the registry, by name.
    public func tenants() async throws -> [Tenant] {
        try await database.withConnection { connection in
            try connection.query("SELECT id, name FROM tenant_configs ORDER BY name, id",
                                 name: "list tenants").rows.map {
                Tenant(id: try $0.decode("id"), name: try $0.decode("name"))
            }
        }
    }

    /// Feedback of `tenant` created in `[start, end)` (`created_at` has no zone and is UTC).
    public func feedback(tenant: UUID, start: Date, end: Date) async throws -> FeedbackSummary {
        try await database.withTenant(tenant.uuidString.lowercased()) { connection in
            let row = try connection.query("""
                SELECT count(*) FILTER (WHERE feedback_type = 'rating' AND rating_value IS NOT NULL) AS ratings,
                       coalesce(sum(rating_value) FILTER (WHERE feedback_type = 'rating'), 0) AS rating_sum,
                       coalesce(sum(rating_value * rating_value) FILTER (WHERE feedback_type = 'rating'),
                           0) AS rating_squares,
                       count(*) FILTER (WHERE feedback_type = 'thumbs_up') AS up,
                       count(*) FILTER (WHERE feedback_type = 'thumbs_down') AS down
                FROM enhancement_feedback
                WHERE tenant_id = $1 AND created_at >= ($2::timestamptz AT TIME ZONE 'UTC') AND created_at <
                ($3::timestamptz AT TIME ZONE 'UTC')
                """, [tenant, start, end], name: "feedback summary").first!
            return FeedbackSummary(ratingCount: try row.decode("ratings"), ratingSum: try row.decode("rating_sum"),
                                   ratingSquares: try row.decode("rating_squares"), thumbsUp: try row.decode("up"),
                                       thumbsDown: try row.decode("down"))
        }
    }

    /// Ratings by value and the comments of `tenant` in `[start, end)`, newest comments first.
    public func feedbackDetails(tenant: UUID, start: Date, end: Date,
                                commentLimit: Int) async throws -> FeedbackDetails {
        try await database.withTenant(tenant.uuidString.lowercased()) { connection in
            var distribution: [Int: Int] = [:]
            for row in try connection.query("""
                SELECT rating_value AS r, count(*) AS n FROM enhancement_feedback
                WHERE tenant_id = $1 AND feedback_type = 'rating' AND rating_value IS NOT NULL
                  AND created_at >= ($2::timestamptz AT TIME ZONE 'UTC') AND created_at < ($3::timestamptz AT TIME ZONE
                  'UTC')
                GROUP BY rating_value
                """, [tenant, start, end], name: "rating distribution").rows {
                distribution[try row.decode("r")] = try row.decode("n")
            }
            let comments = try connection.query("""
                SELECT created_at, feedback_type, rating_value, feedback_comment FROM enhancement_feedback
                WHERE tenant_id = $1 AND feedback_comment IS NOT NULL AND feedback_comment <> ''
                  AND created_at >= ($2::timestamptz AT TIME ZONE 'UTC') AND created_at < ($3::timestamptz AT TIME ZONE
                  'UTC')
                ORDER BY created_at DESC LIMIT $4
                """, [tenant, start, end, commentLimit], name: "feedback comments").rows.map { row in
                FeedbackDetails.Comment(tenantID: tenant, createdAt: try row.decode("created_at"),
                                        type: try row.decode("feedback_type"),
                                        rating: try row.decode("rating_value"),
                                        text: try row.decode("feedback_comment"))
            }
            return FeedbackDetails(distribution: distribution, comments: comments)
        }
    }

    /// The statement `feedbackRows` runs, in the tenant's row-level-security context (`$1` the tenant,
    /// `$2`, `$3` the period); the report's appendix lists it.
    public static let feedbackRowsSQL = """
        SELECT created_at AT TIME ZONE 'UTC' AS created_at, feedback_type, rating_value FROM enhancement_feedback \
        WHERE tenant_id = $1 AND created_at >= ($2::timestamptz AT TIME ZONE 'UTC') \
        AND created_at < ($3::timestamptz AT TIME ZONE 'UTC')
        """

    /// The feedback rows of `tenant` created in `[start, end)` (`created_at` has no zone and is UTC).
    public func feedbackRows(tenant: UUID, start: Date, end: Date) async throws -> [PeriodData.FeedbackRow] {
        try await database.withTenant(tenant.uuidString.lowercased()) { connection in
            try connection.query(Self.feedbackRowsSQL, [tenant, start, end], name: "feedback rows").rows.map { row in
                PeriodData.FeedbackRow(createdAt: try row.decode("created_at"), type: try row.decode("feedback_type"),
                                       rating: try row.decode("rating_value"))
            }
        }
    }

    /// Feedback of several tenants over `[start, end)`, added up (each read in its own tenant context).
    public func feedback(tenants: [UUID], start: Date, end: Date) async throws -> FeedbackSummary {
        var total = FeedbackSummary(ratingCount: 0, ratingSum: 0, thumbsUp: 0, thumbsDown: 0)
        for tenant in tenants {
            let part = try await feedback(tenant: tenant, start: start, end: end)
            total.ratingCount += part.ratingCount
            total.ratingSum += part.ratingSum
            total.ratingSquares += part.ratingSquares
            total.thumbsUp += part.thumbsUp
            total.thumbsDown += part.thumbsDown
        }
        return total
    }

    /// Finished enhancements of `tenant` in `[start, end)` by status (`completed`, `failed`).
    public func finishedEnhancements(tenant: UUID, start: Date, end: Date) async throws -> [String: Int] {
        try await database.withTenant(tenant.uuidString.lowercased()) { connection in
            var counts: [String: Int] = [:]
            for row in try connection.query("""
                SELECT status, count(*) AS n FROM enhancement_history
                WHERE tenant_id = $1 AND completed_at >= $2 AND completed_at < $3 GROUP BY status
                """, [tenant, start, end], name: "finished enhancements").rows {
                counts[try row.decode("status")] = try row.decode("n")
            }
            return counts
        }
    }
}
