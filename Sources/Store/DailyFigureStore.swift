import FoundationEssentials
import Postgres

/// Daily figures per tenant (and overall, tenant nil), stored by the data-quality check for reports and
/// for the trailing-day comparisons of later checks.
public struct DailyFigureStore: Sendable {
    private let database: Database
    private static let table = "\(RunnerSchema.name).daily_figures"

    /// Uses `database` for every call.
    public init(database: Database) { self.database = database }

    /// One stored day.
    public struct Row: Sendable, Equatable {
        public var day: String
        public var tenantID: UUID?
        public var periodStart: Date
        public var periodEnd: Date
        public var tickets: Double?
        public var failures: Double?
        public var successRatePct: Double?
        public var latencyP50: Double?
        public var latencyP95: Double?
        public var latencyP99: Double?
        public var ratingCount: Int
        public var averageRating: Double?
        public var thumbsUp: Int
        public var thumbsDown: Int

        public init(day: String, tenantID: UUID?, periodStart: Date, periodEnd: Date, tickets: Double?,
                    failures: Double?,
                    successRatePct: Double?, latencyP50: Double?, latencyP95: Double?, latencyP99: Double?,
                    ratingCount: Int,
                    averageRating: Double?, thumbsUp: Int, thumbsDown: Int) {
            self.day = day
            self.tenantID = tenantID
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.tickets = tickets
            self.failures = failures
            self.successRatePct = successRatePct
            self.latencyP50 = latencyP50
            self.latencyP95 = latencyP95
            self.latencyP99 = latencyP99
            self.ratingCount = ratingCount
            self.averageRating = averageRating
            self.thumbsUp = thumbsUp
            self.thumbsDown = thumbsDown
        }
    }

    /// Inserts or replaces a day's figures.
    public func save(_ row: Row) async throws {
        try await database.withConnection { connection in
            try connection.query("""
                INSERT INTO \(Self.table) (day, tenant_id, period_start, period_end, tickets, failures,
                success_rate_pct,
                    latency_p50_seconds, latency_p95_seconds, latency_p99_seconds, rating_count, avg_rating, thumbs_up,
                    thumbs_down)
                VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                ON CONFLICT (day, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)) DO UPDATE SET
                    period_start = $3, period_end = $4, tickets = $5, failures = $6, success_rate_pct = $7,
                    latency_p50_seconds = $8,
                    latency_p95_seconds = $9, latency_p99_seconds = $10, rating_count = $11, avg_rating = $12,
                    thumbs_up = $13,
                    thumbs_down = $14, updated_at = now()
                """, [row.day, row.tenantID, row.periodStart, row.periodEnd, row.tickets, row.failures,
                      row.successRatePct, row.latencyP50,
                      row.latencyP95, row.latencyP99, row.ratingCount, row.averageRating, row.thumbsUp,
                      row.thumbsDown], name: "save daily figures")
        }
    }

    /// The stored days of a tenant (nil: overall) in `[from, to)` (dates `YYYY-MM-DD`), oldest first.
    public func days(tenantID: UUID?, from: String, to: String) async throws -> [Row] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT to_char(day, 'YYYY-MM-DD') AS day, tenant_id, period_start, period_end, tickets, failures,
                success_rate_pct,
                       latency_p50_seconds, latency_p95_seconds, latency_p99_seconds, rating_count, avg_rating,
                       thumbs_up, thumbs_down
                FROM \(Self.table)
                WHERE tenant_id IS NOT DISTINCT FROM $1 AND day >= $2::date AND day < $3::date ORDER BY day
                """, [tenantID, from, to], name: "read daily figures").rows.map { row in
                Row(day: try row.decode("day"), tenantID: try row.decode("tenant_id"),
                    periodStart: try row.decode("period_start"),
                    periodEnd: try row.decode("period_end"), tickets: try row.decode("tickets"),
                    failures: try row.decode("failures"),
                    successRatePct: try row.decode("success_rate_pct"),
                    latencyP50: try row.decode("latency_p50_seconds"),
                    latencyP95: try row.decode("latency_p95_seconds"),
                    latencyP99: try row.decode("latency_p99_seconds"),
                    ratingCount: try row.decode("rating_count"), averageRating: try row.decode("avg_rating"),
                    thumbsUp: try row.decode("thumbs_up"), thumbsDown: try row.decode("thumbs_down"))
            }
        }
    }
}
