import FoundationEssentials
import Postgres

/// Where a delivery stands in the ledger (PRODUCT.md section 7).
public enum DeliveryStatus: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Recorded, waiting for an attempt (or the next one).
    case pending
    /// An attempt is on the wire.
    case sending
    /// The server accepted it (or its `.eml` file was written).
    case sent
    /// It will not be sent without `deliveries resend`.
    case failed
    /// The connection broke after the whole content: the server may have it.
    case unknown

    /// The status as stored and printed.
    public var description: String { rawValue }
}

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
        public let status: DeliveryStatus
        public let attempts: Int
        public let lastReply: String?
        public let messageID: String
        public let sentAt: Date?
        public let error: String?
        public let nextAttemptAt: Date?

        static let columns = "id, key, job, recipient, subject, status, attempts, last_reply, message_id, sent_at, "
            + "error, next_attempt_at"

        init(row: PostgresRow) throws {
            id = try row.decode("id")
            key = try row.decode("key")
            job = try row.decode("job")
            recipient = try row.decode("recipient")
            subject = try row.decode("subject")
            let text: String = try row.decode("status")
            guard let status = DeliveryStatus(rawValue: text) else {
                throw PostgresError(kind: .decoding, message: "unknown delivery status \(text)",
                                    statement: "deliveries")
            }
            self.status = status
            attempts = try row.decode("attempts")
            lastReply = try row.decode("last_reply")
            messageID = try row.decode("message_id")
            sentAt = try row.decode("sent_at")
            error = try row.decode("error")
            nextAttemptAt = try row.decode("next_attempt_at")
        }
    }

    /// A message to record as pending under its key.
    public struct Entry: Sendable {
        public let key: String
        public let job: String?
        public let runID: Int64?
        public let recipient: String
        public let subject: String
        public let messageID: String
        public let content: Data
        /// An entry; `content` is the whole message without its Date header.
        public init(key: String, job: String?, runID: Int64?, recipient: String, subject: String, messageID: String,
                    content: Data) {
            self.key = key
            self.job = job
            self.runID = runID
            self.recipient = recipient
            self.subject = subject
            self.messageID = messageID
            self.content = content
        }
    }

    /// How an attempt ended, for `advance`.
    public struct AttemptEnd: Sendable {
        public let id: Int64
        public let status: DeliveryStatus
        public let reply: String?
        public let error: String?
        /// Seconds until the next attempt: the delivery goes back to pending.
        public let retryIn: Double?
        /// An attempt's end.
        public init(id: Int64, status: DeliveryStatus, reply: String?, error: String?, retryIn: Double?) {
            self.id = id
            self.status = status
            self.reply = reply
            self.error = error
            self.retryIn = retryIn
        }
    }

    /// Rows per `enqueue` statement: 7 parameters each, far below the protocol's 65,535, and a few MB.
    static let enqueueBatch = 100

    /// Records a delivery as pending unless its key exists; returns the row (new or existing).
    public func enqueue(key: String, job: String?, runID: Int64?, recipient: String, subject: String,
                        messageID: String, content: Data) async throws -> Record {
        try await enqueue([Entry(key: key, job: job, runID: runID, recipient: recipient, subject: subject,
                                 messageID: messageID, content: content)])[0]
    }

    /// Records each entry as pending unless its key exists; returns the rows (new or existing) in the
    /// entries' order, one statement per 100 entries. Content travels in binary, not as hex text.
    public func enqueue(_ entries: [Entry]) async throws -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(entries.count)
        for start in stride(from: 0, to: entries.count, by: Self.enqueueBatch) {
            // Sorted by key, so two processes inserting overlapping batches take row locks in one order.
            let batch = entries[start..<min(start + Self.enqueueBatch, entries.count)].sorted { $0.key < $1.key }
            var rows = try await database.withConnection { connection in
                try connection.query(Self.enqueueStatement(rows: batch.count), batch.flatMap { entry in
                    [entry.key, entry.job, entry.runID, entry.recipient, entry.subject, entry.messageID,
                     entry.content] as [any PostgresEncodable]
                }, name: "enqueue deliveries", prepared: true).rows.map(Record.init(row:))
            }
            // A key another process inserted while this statement ran is skipped by ON CONFLICT but is not in
            // the statement's snapshot: read those rows again (found in review).
            let missing = Set(batch.map(\.key)).subtracting(rows.map(\.key))
            if !missing.isEmpty {
                rows += try await database.withConnection { connection in
                    try connection.query("SELECT \(Record.columns) FROM \(Self.table) WHERE key = ANY($1::text[])",
                                         [Array(missing).sorted()], name: "read concurrently enqueued deliveries")
                        .rows.map(Record.init(row:))
                }
            }
            let byKey = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            for entry in entries[start..<min(start + Self.enqueueBatch, entries.count)] {
                guard let record = byKey[entry.key] else {
                    throw PostgresError(kind: .decoding, message: "no ledger row came back for key \(entry.key)",
                                        statement: "enqueue deliveries")
                }
                records.append(record)
            }
        }
        return records
    }

    private static func enqueueStatement(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let p = row * 7
            return "($\(p + 1)::text, $\(p + 2)::text, $\(p + 3)::bigint, $\(p + 4)::text, $\(p + 5)::text, "
                + "$\(p + 6)::text, $\(p + 7)::bytea)"
        }.joined(separator: ", ")
        return """
            WITH input (key, job, run_id, recipient, subject, message_id, content) AS (VALUES \(values)),
            inserted AS (
                INSERT INTO \(table) (key, job, run_id, recipient, subject, status, message_id, content)
                SELECT key, job, run_id, recipient, subject, 'pending', message_id, content FROM input
                ON CONFLICT (key) DO NOTHING
                RETURNING \(Record.columns)
            )
            SELECT * FROM inserted
            UNION ALL
            SELECT \(Record.columns) FROM \(table)
            WHERE key IN (SELECT key FROM input) AND key NOT IN (SELECT key FROM inserted)
            """
    }

    /// Records the end of one attempt and takes another delivery for its attempt, in one statement (one
    /// round trip per message). `beginning` is taken (`sending`) only when it is pending and due; the
    /// result's `begun` is its attempt number, nil when another process has it or it is not due.
    public func advance(finishing: AttemptEnd?, beginning: Int64?) async throws -> (finished: Record?, begun: Int?) {
        try await database.withConnection { connection in
            let row = try connection.query("""
                WITH finished AS (
                    UPDATE \(Self.table) SET status = $2, last_reply = $3, error = $4, updated_at = now(),
                        sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
                        next_attempt_at = CASE WHEN $5::float8 IS NULL THEN NULL
                                               ELSE now() + make_interval(secs => $5::float8) END
                    WHERE id = $1::bigint AND status = 'sending' RETURNING \(Record.columns)
                ),
                begun AS (
                    UPDATE \(Self.table) SET status = 'sending', attempts = attempts + 1, updated_at = now()
                    WHERE id = $6::bigint AND status = 'pending'
                      AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                    RETURNING attempts AS begun_attempts
                )
                SELECT finished.*, begun.begun_attempts
                FROM (SELECT 1) AS one LEFT JOIN finished ON true LEFT JOIN begun ON true
                """, [finishing?.id, finishing?.status.rawValue, finishing?.reply, finishing?.error, finishing?.retryIn,
                      beginning], name: "advance deliveries", prepared: true).rows.first
            guard let row else { return (nil, nil) }
            let finishedID: Int64? = try row.decode("id")
            return (try finishedID.map { _ in try Record(row: row) }, try row.decode("begun_attempts"))
        }
    }

    /// The stored message (without its Date header), for retries and resends.
    public func content(id: Int64) async throws -> Data? {
        try await database.withConnection { connection in
            try connection.query("SELECT content FROM \(Self.table) WHERE id = $1", [id], name: "read delivery content")
                .rows.first?.decode("content")
        }
    }

    /// Deliveries left `sending` longer than `seconds` by a process that died: the server may or may not
    /// have the message, so they become `unknown` (resend on purpose with `deliveries resend`).
    @discardableResult
    public func markInterrupted(olderThan seconds: Int) async throws -> Int {
        try await database.withConnection { connection in
            try connection.query("""
                UPDATE \(Self.table) SET status = 'unknown',
                    error = 'interrupted while sending; the server may have the message', updated_at = now()
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
            try connection.query("SELECT \(Record.columns) FROM \(Self.table) WHERE id = $1", [id],
                                 name: "read delivery")
                .rows.first.map(Record.init(row:))
        }
    }

    /// Deliveries, newest first, optionally of one job, status or key.
    public func list(job: String?, status: DeliveryStatus?, limit: Int, key: String? = nil) async throws -> [Record] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT \(Record.columns) FROM \(Self.table)
                WHERE ($1::text IS NULL OR job = $1) AND ($2::text IS NULL OR status = $2) AND ($4::text IS NULL OR key
                = $4)
                ORDER BY id DESC LIMIT $3
                """, [job, status?.rawValue, limit, key], name: "list deliveries").rows.map(Record.init(row:))
        }
    }
}
