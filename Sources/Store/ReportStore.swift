import FoundationEssentials
import JSON
import Postgres

/// Archived reports: Markdown, HTML and the figures object of every report a job produced.
public struct ReportStore: Sendable {
    private let database: Database
    private static let table = "\(RunnerSchema.name).reports"

    /// Uses `database` for every call.
    public init(database: Database) { self.database = database }

    /// An archived report.
    public struct Report: Sendable {
        public let id: Int64
        public let job: String
        public let kind: String
        public let periodStart: Date
        public let periodEnd: Date
        public let tenantID: UUID?
        public let createdAt: Date
        public let markdown: String?
        public let html: String?
        public let figures: JSONValue?
        /// The executive deck (baseline reports), nil for other kinds.
        public var deck: String? = nil
    }

    /// Draws the id the next report will be archived under, so its footer can name it before it is
    /// rendered; an id drawn and never used leaves a gap, nothing else.
    public func reserveID() async throws -> Int64 {
        try await database.withConnection { connection in
            try connection.query("SELECT nextval(pg_get_serial_sequence('\(Self.table)', 'id')) AS id",
                                 name: "reserve report id").first!.decode("id")
        }
    }

    /// Archives a rendered report under `id` (from `reserveID()`, or the next one when nil); returns its id.
    public func archive(id: Int64? = nil, job: String, kind: String, periodStart: Date, periodEnd: Date,
                        tenantID: UUID?, markdown: String, html: String, figures: JSONValue, deck: String? = nil,
                        runID: Int64?) async throws -> Int64 {
        try await database.withConnection { connection in
            try connection.query("""
                INSERT INTO \(Self.table) (id, job, kind, period_start, period_end, tenant_id, markdown, html, figures,
                    run_id, deck)
                VALUES (coalesce($10, nextval(pg_get_serial_sequence('\(Self.table)', 'id'))), $1, $2, $3, $4, $5, $6,
                    $7, $8::jsonb, $9, $11) RETURNING id
                """, [job, kind, periodStart, periodEnd, tenantID, markdown, html, figures, runID, id, deck],
                name: "archive report").first!.decode("id")
        }
    }

    /// The newest report of `kind` for the same scope (`tenantID`, nil for all tenants) whose period ended
    /// by `before`: when it was made and its figures (a snapshot compares itself with the previous week's,
    /// whichever job made it; a re-run of the same week, or an overlapping early look, is not "previous").
    public func previous(kind: String, tenantID: UUID?, before: Date) async throws -> (createdAt: Date,
                                                                                     figures: JSONValue)? {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT created_at, figures::text AS figures FROM \(Self.table)
                WHERE kind = $1 AND tenant_id IS NOT DISTINCT FROM $2 AND period_end <= $3
                ORDER BY period_start DESC, id DESC LIMIT 1
                """, [kind, tenantID, before], name: "previous report").rows.first.map { row in
                (try row.decode("created_at"), (try? JSONParser.parse(try row.decode("figures") as String)) ?? .null)
            }
        }
    }

    /// Reports, newest first, without their bodies.
    public func list(limit: Int) async throws -> [Report] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT id, job, kind, period_start, period_end, tenant_id, created_at FROM \(Self.table) ORDER BY id
                DESC LIMIT $1
                """, [limit], name: "list reports").rows.map { row in
                Report(id: try row.decode("id"), job: try row.decode("job"), kind: try row.decode("kind"),
                       periodStart: try row.decode("period_start"),
                       periodEnd: try row.decode("period_end"), tenantID: try row.decode("tenant_id"),
                       createdAt: try row.decode("created_at"),
                       markdown: nil, html: nil, figures: nil)
            }
        }
    }

    /// One report with its bodies.
    public func report(id: Int64) async throws -> Report? {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT id, job, kind, period_start, period_end, tenant_id, created_at, markdown, html, figures, deck
                FROM \(Self.table) WHERE id = $1
                """, [id], name: "read report").rows.first.map { row in
                Report(id: try row.decode("id"), job: try row.decode("job"), kind: try row.decode("kind"),
                       periodStart: try row.decode("period_start"),
                       periodEnd: try row.decode("period_end"), tenantID: try row.decode("tenant_id"),
                       createdAt: try row.decode("created_at"),
                       markdown: try row.decode("markdown"), html: try row.decode("html"),
                           figures: try row.decode("figures"),
                       deck: try row.decode("deck"))
            }
        }
    }
}
