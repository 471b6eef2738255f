import DataQuality
import FoundationEssentials
import Postgres

/// The anomaly log, check results and daily figures of the data-quality check.
public struct AnomalyStore: Sendable {
    private let database: Database
    private static let anomalies = "\(RunnerSchema.name).anomalies"

    /// Uses `database` for every call.
    public init(database: Database) { self.database = database }

    /// An anomaly found by a check.
    public struct Anomaly: Sendable, Equatable {
        public var id: Int64?
        public var kind: String
        public var metric: String
        public var tenantID: UUID?
        public var severity: AnomalySeverity
        public var windowStart: Date
        public var windowEnd: Date
        public var observed: Double?
        public var expected: Double?
        public var message: String
        public var excluded: Bool
        public var exclusionReason: String?
        public var detectedAt: Date?
        public var runID: Int64?

        public init(kind: String, metric: String, tenantID: UUID?, severity: AnomalySeverity, windowStart: Date,
                    windowEnd: Date,
                    observed: Double?, expected: Double?, message: String, excluded: Bool) {
            self.kind = kind
            self.metric = metric
            self.tenantID = tenantID
            self.severity = severity
            self.windowStart = windowStart
            self.windowEnd = windowEnd
            self.observed = observed
            self.expected = expected
            self.message = message
            self.excluded = excluded
        }

        static let columns = "id, kind, metric, tenant_id, severity, window_start, window_end, observed, expected, "
            + "message, excluded, exclusion_reason, detected_at, run_id"

        init(row: PostgresRow) throws {
            id = try row.decode("id")
            kind = try row.decode("kind")
            metric = try row.decode("metric")
            tenantID = try row.decode("tenant_id")
            let severity: String = try row.decode("severity")
            guard let known = AnomalySeverity(rawValue: severity) else {
                throw PostgresError(kind: .decoding, message: "unknown anomaly severity \(severity)",
                                    statement: "anomalies")
            }
            self.severity = known
            windowStart = try row.decode("window_start")
            windowEnd = try row.decode("window_end")
            observed = try row.decode("observed")
            expected = try row.decode("expected")
            message = try row.decode("message")
            excluded = try row.decode("excluded")
            exclusionReason = try row.decode("exclusion_reason")
            detectedAt = try row.decode("detected_at")
            runID = try row.decode("run_id")
        }
    }

    /// Inserts the anomaly unless one with the same kind, metric, tenant and window exists (whose
    /// exclusion decision is kept). Returns whether it is new.
    @discardableResult
    public func upsert(_ anomaly: Anomaly, runID: Int64?) async throws -> Bool {
        try await database.withConnection { connection in
            let rows = try connection.query("""
                INSERT INTO \(Self.anomalies) (kind, metric, tenant_id, severity, window_start, window_end, observed,
                expected, message,
                                               excluded, exclusion_reason, run_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                        CASE WHEN $10 THEN 'data-integrity anomaly: excluded by default' END, $11)
                ON CONFLICT (kind, metric, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid),
                window_start, window_end)
                DO UPDATE SET severity = EXCLUDED.severity, observed = EXCLUDED.observed, expected = EXCLUDED.expected,
                message = EXCLUDED.message
                RETURNING (xmax = 0) AS inserted
                """, [anomaly.kind, anomaly.metric, anomaly.tenantID, anomaly.severity.rawValue, anomaly.windowStart,
                      anomaly.windowEnd,
                      anomaly.observed, anomaly.expected, anomaly.message, anomaly.excluded, runID],
                      name: "upsert anomaly").rows
            return try rows.first?.decode("inserted", as: Bool.self) ?? false
        }
    }

    /// Anomalies whose window ends after `since`, oldest first.
    public func list(since: Date?) async throws -> [Anomaly] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT \(Anomaly.columns) FROM \(Self.anomalies) WHERE $1::timestamptz IS NULL OR window_end > $1
                ORDER BY window_start, id
                """, [since], name: "list anomalies").rows.map(Anomaly.init(row:))
        }
    }

    /// Excludes (with a reason) or includes an anomaly's window in baseline figures; nil when no such id.
    public func setExcluded(id: Int64, excluded: Bool, reason: String?) async throws -> Anomaly? {
        try await database.withConnection { connection in
            try connection.query("""
                UPDATE \(Self.anomalies) SET excluded = $2, exclusion_reason = $3 WHERE id = $1 RETURNING
                \(Anomaly.columns)
                """, [id, excluded, reason], name: "set anomaly exclusion").rows.first.map(Anomaly.init(row:))
        }
    }

    /// Records one check's result for a day (replacing an earlier run's).
    public func recordCheck(day: String, tenantID: UUID?, kind: String, status: String, observed: Double?,
                            expected: Double?,
                            details: String?, runID: Int64?) async throws {
        try await database.withConnection { connection in
            try connection.query("""
                INSERT INTO \(RunnerSchema.name).check_results (run_id, day, tenant_id, check_kind, status, observed,
                expected, details)
                VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (day, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), check_kind)
                DO UPDATE SET run_id = $1, status = $5, observed = $6, expected = $7, details = $8, created_at = now()
                """, [runID, day, tenantID, kind, status, observed, expected, details], name: "record check result")
        }
    }
}
