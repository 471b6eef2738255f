import FoundationEssentials
import Postgres

/// The mail ledger: one row per delivery key, `pending → sending → sent | failed | unknown`.
public struct DeliveryStore: Sendable {
    private let database: Database
    private static let table = "\(RunnerSchema.name).deliveries"

    /// Uses `database` for every call.
    public init(database: Database) { self.database = database }

    /// A delivery row (without its content).
    public struct Record: Sendable, Equatable {
        public let id: Int64
        public let key: String
        public let job: String?
        public let recipient: String
        public let subject: String
        public let status: String
        public let attempts: Int
        public let lastReply: String?
        public let messageID: String
        public let sentAt: Date?
        public let error: String?
        public let nextAttemptAt: Date?

        static let columns = "id, key, job, recipient, subject, status, attempts, last_reply, message_id, sent_at, error, next_attempt_at"

        init(row: PostgresRow) throws {
            id = try row.decode("id")
            key = try row.decode("key")
            job = try row.decode("job")
            recipient = try row.decode("recipient")
            subject = try row.decode("subject")
            status = try row.decode("status")
            attempts = try row.decode("attempts")
            lastReply = try row.decode("last_reply")
            messageID = try row.decode("message_id")
            sentAt = try row.decode("sent_at")
            error = try row.decode("error")
            nextAttemptAt = try row.decode("next_attempt_at")
        }
    }

    /// Records a delivery as pending unless its key exists; returns the row (new or existing), in one
    /// round trip.
    public func enqueue(key: String, job: String?, runID: Int64?, recipient: String, subject: String,
                        messageID: String, content: Data) async throws -> Record {
        try await database.withConnection { connection in
            try Record(row: try connection.query("""
                WITH inserted AS (
                    INSERT INTO \(Self.table) (key, job, run_id, recipient, subject, status, message_id, content)
                    VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT (key) DO NOTHING
                    RETURNING \(Record.columns)
                )
                SELECT * FROM inserted
                UNION ALL
                SELECT \(Record.columns) FROM \(Self.table) WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM inserted)
                """, [key, job, runID, recipient, subject, messageID, content], name: "enqueue delivery").first!)
        }
    }

    /// Takes a due pending delivery for one attempt (`sending`); nil when another process has it or it is
    /// not due. Returns the attempt number.
    public func beginAttempt(id: Int64) async throws -> Int? {
        try await database.withConnection { connection in
            try connection.query("""
                UPDATE \(Self.table) SET status = 'sending', attempts = attempts + 1, updated_at = now()
                WHERE id = $1 AND status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                RETURNING attempts
                """, [id], name: "begin delivery attempt").rows.first?.decode("attempts")
        }
    }

    /// The stored message (without its Date header), for retries and resends.
    public func content(id: Int64) async throws -> Data? {
        try await database.withConnection { connection in
            try connection.query("SELECT content FROM \(Self.table) WHERE id = $1", [id], name: "read delivery content")
                .rows.first?.decode("content")
        }
    }

    /// Records the end of an attempt and returns the row. `retryIn` (seconds) puts it back to pending for
    /// a later attempt.
    @discardableResult
    public func finishAttempt(id: Int64, status: String, reply: String?, error: String?, retryIn: Double?) async throws -> Record? {
        try await database.withConnection { connection in
            try connection.query("""
                UPDATE \(Self.table) SET status = $2, last_reply = $3, error = $4, updated_at = now(),
                    sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
                    next_attempt_at = CASE WHEN $5::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $5::float8) END
                WHERE id = $1 AND status = 'sending' RETURNING \(Record.columns)
                """, [id, status, reply, error, retryIn], name: "finish delivery attempt").rows.first.map(Record.init(row:))
        }
    }

    /// Deliveries left `sending` longer than `seconds` by a process that died: the server may or may not
    /// have the message, so they become `unknown` (resend on purpose with `deliveries resend`).
    @discardableResult
    public func markInterrupted(olderThan seconds: Int) async throws -> Int {
        try await database.withConnection { connection in
            try connection.query("""
                UPDATE \(Self.table) SET status = 'unknown', error = 'interrupted while sending; the server may have the message', updated_at = now()
                WHERE status = 'sending' AND updated_at < now() - make_interval(secs => $1::int)
                """, [seconds], name: "mark interrupted deliveries").affectedRows
        }
    }

    /// Pending deliveries whose next attempt is due and that no process touched for `idle` seconds: left
    /// behind by a process that stopped between attempts.
    public func duePending(idle: Int, limit: Int) async throws -> [Record] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT \(Record.columns) FROM \(Self.table)
                WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                  AND updated_at < now() - make_interval(secs => $1::int)
                ORDER BY id LIMIT $2
                """, [idle, limit], name: "due pending deliveries").rows.map(Record.init(row:))
        }
    }

    /// Puts a `failed` or `unknown` delivery back to pending for a new attempt; nil when it is neither.
    public func reopen(id: Int64) async throws -> Record? {
        try await database.withConnection { connection in
            try connection.query("""
                UPDATE \(Self.table) SET status = 'pending', next_attempt_at = NULL, updated_at = now()
                WHERE id = $1 AND status IN ('failed', 'unknown') RETURNING \(Record.columns)
                """, [id], name: "reopen delivery").rows.first.map(Record.init(row:))
        }
    }

    /// One delivery.
    public func record(id: Int64) async throws -> Record? {
        try await database.withConnection { connection in
            try connection.query("SELECT \(Record.columns) FROM \(Self.table) WHERE id = $1", [id], name: "read delivery")
                .rows.first.map(Record.init(row:))
        }
    }

    /// Deliveries, newest first, optionally of one job, status or key.
    public func list(job: String?, status: String?, limit: Int, key: String? = nil) async throws -> [Record] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT \(Record.columns) FROM \(Self.table)
                WHERE ($1::text IS NULL OR job = $1) AND ($2::text IS NULL OR status = $2) AND ($4::text IS NULL OR key = $4)
                ORDER BY id DESC LIMIT $3
                """, [job, status, limit, key], name: "list deliveries").rows.map(Record.init(row:))
        }
    }
}
