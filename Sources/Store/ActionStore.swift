import FoundationEssentials
import Postgres

/// The weekly review's action items (PRODUCT.md section 8.8): what someone promised to do, by when, and
/// for which criterion; listed in every snapshot until done.
public struct ActionStore: Sendable {
    private let database: Database
    private static let table = "\(RunnerSchema.name).action_items"

    /// Uses `database` for every call.
    public init(database: Database) { self.database = database }

    /// An action item.
    public struct Item: Sendable, Equatable {
        public let id: Int64
        public let text: String
        public let owner: String
        /// `YYYY-MM-DD`.
        public let due: String
        public let criterion: String?
        /// `open` or `done`.
        public let status: String
        public let createdAt: Date
        public let doneAt: Date?
        public let note: String?

        static let columns = "id, text, owner, due::text AS due, criterion, status, created_at, done_at, note"

        init(row: PostgresRow) throws {
            id = try row.decode("id")
            text = try row.decode("text")
            owner = try row.decode("owner")
            due = try row.decode("due")
            criterion = try row.decode("criterion")
            status = try row.decode("status")
            createdAt = try row.decode("created_at")
            doneAt = try row.decode("done_at")
            note = try row.decode("note")
        }
    }

    /// Adds an open item; returns it.
    public func add(text: String, owner: String, due: String, criterion: String?) async throws -> Item {
        try await database.withConnection { connection in
            try Item(row: connection.query("""
                INSERT INTO \(Self.table) (text, owner, due, criterion) VALUES ($1, $2, $3::date, $4)
                RETURNING \(Item.columns)
                """, [text, owner, due, criterion], name: "add action item").first!)
        }
    }

    /// Items, open ones first by due date, then done ones newest first.
    public func list(openOnly: Bool) async throws -> [Item] {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT \(Item.columns) FROM \(Self.table) WHERE NOT $1 OR status = 'open'
                ORDER BY status DESC, CASE WHEN status = 'open' THEN due END, done_at DESC, id
                """, [openOnly], name: "list action items").rows.map(Item.init(row:))
        }
    }

    /// Marks an open item done; nil when there is no such item, the item unchanged when it was done already.
    public func done(id: Int64, note: String?) async throws -> (item: Item, changed: Bool)? {
        try await database.withConnection { connection in
            if let row = try connection.query("""
                UPDATE \(Self.table) SET status = 'done', done_at = now(), note = $2 WHERE id = $1 AND status = 'open'
                RETURNING \(Item.columns)
                """, [id, note], name: "finish action item").rows.first {
                return (try Item(row: row), true)
            }
            return try connection.query("SELECT \(Item.columns) FROM \(Self.table) WHERE id = $1", [id],
                                        name: "read action item").rows.first.map { (try Item(row: $0), false) }
        }
    }
}
