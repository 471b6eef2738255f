import FoundationEssentials
import Postgres

/// Survey campaigns: recipients and their tokens, imported responses, and each recipient's standing,
/// derived from the mail ledger (keys `survey:CAMPAIGN:EMAIL:invite` and `...:reminder-N`).
public struct SurveyStore: Sendable {
    private let database: Database
    private static let recipients = "\(RunnerSchema.name).survey_recipients"
    private static let responses = "\(RunnerSchema.name).survey_responses"
    private static let deliveries = "\(RunnerSchema.name).deliveries"

    /// Uses `database` for every call.
    public init(database: Database) { self.database = database }

    /// A recipient to add to a campaign.
    public struct NewRecipient: Sendable {
        /// Lower-case address.
        public let email: String
        /// The address as written (`Name <user@domain>`).
        public let address: String
        /// Name for the greeting.
        public let name: String
        /// The technician's tenant.
        public let tenantID: UUID
        /// The recipient's token.
        public let token: String

        /// Creates a recipient.
        public init(email: String, address: String, name: String, tenantID: UUID, token: String) {
            self.email = email
            self.address = address
            self.name = name
            self.tenantID = tenantID
            self.token = token
        }
    }

    /// Where a recipient stands (`survey status`).
    public struct Standing: Sendable, Equatable {
        public let email: String
        public let address: String
        public let name: String
        public let tenantID: UUID
        public let token: String
        /// `pending`, `sent`, `failed`, `unknown`, `responded`, `bounced` or `unsubscribed`.
        public let status: String
        /// When the last invitation or reminder was sent.
        public let sentAt: Date?
        /// The logical time of the run that last mailed the recipient.
        public let lastMailedFor: Date?
        /// Reminders sent.
        public let reminders: Int
        /// The error of the latest mail, if it failed.
        public let lastError: String?
    }

    /// Adds roster members not yet in the campaign; existing ones keep their token. Returns how many were added.
    public func add(campaign: String, job: String, _ members: [NewRecipient]) async throws -> Int {
        try await database.transaction { connection in
            var added = 0
            for member in members {
                added += try connection.query("""
                    INSERT INTO \(Self.recipients) (campaign, email, address, name, tenant_id, token, job)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (campaign, email) DO NOTHING RETURNING 1
                    """, [campaign, member.email, member.address, member.name, member.tenantID, member.token,
                          job], name: "add survey recipient").rows.count
            }
            return added
        }
    }

    /// Every recipient of a campaign with its standing, in address order.
    public func standings(campaign: String) async throws -> [Standing] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT r.email, r.address, r.name, r.tenant_id, r.token,
                       CASE WHEN EXISTS (SELECT 1 FROM \(Self.responses) x
                                         WHERE x.campaign = r.campaign AND x.token = r.token AND x.question <>
                                         'unsubscribe') THEN 'responded'
                            WHEN r.unsubscribed_at IS NOT NULL THEN 'unsubscribed'
                            WHEN latest.status IS NULL THEN 'pending'
                            WHEN latest.status = 'failed' AND latest.error ~ 'last reply 55[0-3]\\)' THEN 'bounced'
                            -- In flight: an earlier mail was sent (a reminder is going out), or none was
                            -- (the invitation).
                            WHEN latest.status IN ('pending', 'sending') THEN CASE WHEN sent.last_sent_at IS NULL THEN
                            'pending' ELSE 'sent' END
                            ELSE latest.status END AS status,
                       r.last_mailed_for, sent.last_sent_at, coalesce(sent.reminders, 0) AS reminders,
                       CASE WHEN latest.status IN ('failed', 'unknown') THEN coalesce(latest.error, latest.last_reply)
                       END AS last_error
                FROM \(Self.recipients) r
                CROSS JOIN LATERAL (SELECT 'survey:' || r.campaign || ':' || r.email || ':' AS prefix) p
                LEFT JOIN LATERAL (SELECT d.status, d.last_reply, d.error FROM \(Self.deliveries) d
                                   WHERE starts_with(d.key, p.prefix) ORDER BY d.id DESC LIMIT 1) latest ON true
                LEFT JOIN LATERAL (SELECT max(d.sent_at) AS last_sent_at,
                                          count(*) FILTER (WHERE substr(d.key, length(p.prefix) + 1) LIKE
                                          'reminder-%')::int AS reminders
                                   FROM \(Self.deliveries) d WHERE starts_with(d.key, p.prefix) AND d.status = 'sent')
                                   sent ON true
                WHERE r.campaign = $1
                ORDER BY r.email
                """, [campaign], name: "survey standings").rows.map { row in
                Standing(email: try row.decode("email"), address: try row.decode("address"),
                         name: try row.decode("name"),
                         tenantID: try row.decode("tenant_id"), token: try row.decode("token"),
                         status: try row.decode("status"),
                         sentAt: try row.decode("last_sent_at"), lastMailedFor: try row.decode("last_mailed_for"),
                         reminders: try row.decode("reminders"), lastError: try row.decode("last_error"))
            }
        }
    }

    /// Records that a run with logical time `time` mailed these recipients (lower-case addresses).
    public func markMailed(campaign: String, emails: [String], at time: Date) async throws {
        guard !emails.isEmpty else { return }
        _ = try await database.query("""
            UPDATE \(Self.recipients) SET last_mailed_for = $3 WHERE campaign = $1 AND email = ANY($2)
            """, [campaign, emails, time], name: "mark survey recipients mailed")
    }

    /// The tokens of a campaign.
    public func tokens(campaign: String) async throws -> Set<String> {
        try await database.withConnection { connection in
            Set(try connection.query("SELECT token FROM \(Self.recipients) WHERE campaign = $1", [campaign],
                                     name: "survey tokens")
                .rows.map { try $0.decode("token") as String })
        }
    }

    /// A response to store.
    public struct NewResponse: Sendable {
        public let token: String
        public let question: String
        public let value: Int?
        public let comment: String?
        public let respondedAt: Date

        /// Creates a response.
        public init(token: String, question: String, value: Int?, comment: String?, respondedAt: Date) {
            self.token = token
            self.question = question
            self.value = value
            self.comment = comment
            self.respondedAt = respondedAt
        }
    }

    /// What an import changed.
    public struct ImportCounts: Sendable, Equatable {
        /// Rows stored for the first time.
        public let added: Int
        /// Rows that replaced a different earlier answer to the same question.
        public let changed: Int
        /// Rows identical to what was stored.
        public let unchanged: Int
    }

    /// Stores responses in one transaction: a row is keyed by (token, question), so importing a file
    /// again changes nothing. `unsubscribe` rows also mark their recipient unsubscribed.
    public func importResponses(campaign: String, _ rows: [NewResponse]) async throws -> ImportCounts {
        // One statement per batch: a million rows are a few hundred round trips, not a million.
        let batchSize = 5000
        return try await database.transaction { connection in
            var added = 0, changed = 0
            for start in stride(from: 0, to: rows.count, by: batchSize) {
                let batch = rows[start..<min(start + batchSize, rows.count)]
                let result = try connection.query("""
                    INSERT INTO \(Self.responses) AS s (campaign, token, question, value, comment, responded_at)
                    SELECT $1, u.token, u.question, u.value, u.comment, u.responded_at
                    FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[])
                        AS u(token, question, value, comment, responded_at)
                    ON CONFLICT (campaign, token, question) DO UPDATE
                        SET value = EXCLUDED.value, comment = EXCLUDED.comment, responded_at = EXCLUDED.responded_at,
                        imported_at = now()
                        WHERE (s.value, s.comment, s.responded_at) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.comment,
                        EXCLUDED.responded_at)
                    RETURNING (xmax = 0) AS inserted
                    """, [campaign, batch.map(\.token), batch.map(\.question), batch.map(\.value), batch.map(\.comment),
                          batch.map(\.respondedAt)], name: "import survey responses")
                for row in result.rows {
                    if try row.decode("inserted") as Bool { added += 1 } else { changed += 1 }
                }
                let unsubscribes = batch.filter { $0.question == "unsubscribe" }
                if !unsubscribes.isEmpty {
                    _ = try connection.query("""
                        UPDATE \(Self.recipients) r SET unsubscribed_at = coalesce(r.unsubscribed_at, u.at)
                        FROM unnest($2::text[], $3::timestamptz[]) AS u(token, at) WHERE r.campaign = $1
                            AND r.token = u.token
                        """, [campaign, unsubscribes.map(\.token), unsubscribes.map(\.respondedAt)],
                        name: "unsubscribe survey recipients")
                }
            }
            return ImportCounts(added: added, changed: changed, unchanged: rows.count - added - changed)
        }
    }


    /// How many technicians of the campaigns were mailed, and how many answered (one tenant's, or all).
    public func participation(campaigns: [String], tenantID: UUID?) async throws -> (invited: Int, responded: Int) {
        try await database.withConnection { connection in
            let row = try connection.query("""
                SELECT count(*) FILTER (WHERE r.last_mailed_for IS NOT NULL)::int AS invited,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM \(Self.responses) x WHERE x.campaign = r.campaign
                       AND x.token = r.token
                                                      AND x.question <> 'unsubscribe'))::int AS responded
                FROM \(Self.recipients) r WHERE r.campaign = ANY($1) AND ($2::uuid IS NULL OR r.tenant_id = $2)
                """, [campaigns, tenantID], name: "survey participation").first!
            return (try row.decode("invited"), try row.decode("responded"))
        }
    }

    /// Every campaign with recipients.
    public func campaigns() async throws -> [String] {
        try await database.withConnection { connection in
            try connection.query("SELECT DISTINCT campaign FROM \(Self.recipients) ORDER BY campaign",
                                 name: "survey campaigns").rows
                .map { try $0.decode("campaign") as String }
        }
    }

    /// One stored answer, for reports.
    public struct Answer: Sendable, Equatable {
        public let question: String
        public let value: Int?
        public let comment: String?
        public let tenantID: UUID
        /// The respondent (campaign-scoped token), so one person's answers can be read together.
        public let respondent: String
        public let respondedAt: Date
    }

    /// The answers of campaigns (unsubscribes left out), optionally of one tenant's technicians only.
    public func answers(campaigns: [String], tenantID: UUID?) async throws -> [Answer] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT x.question, x.value, x.comment, r.tenant_id, x.campaign || ':' || x.token AS respondent,
                       x.responded_at
                FROM \(Self.responses) x
                JOIN \(Self.recipients) r ON r.campaign = x.campaign AND r.token = x.token
                WHERE x.campaign = ANY($1) AND x.question <> 'unsubscribe' AND ($2::uuid IS NULL OR r.tenant_id = $2)
                ORDER BY x.responded_at, x.token, x.question
                """, [campaigns, tenantID], name: "survey answers").rows.map { row in
                Answer(question: try row.decode("question"), value: try row.decode("value"),
                       comment: try row.decode("comment"),
                       tenantID: try row.decode("tenant_id"), respondent: try row.decode("respondent"),
                       respondedAt: try row.decode("responded_at"))
            }
        }
    }
}
