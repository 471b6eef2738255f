/// Applies versioned migrations to a schema, once, even with several processes migrating at once.
///
/// A session-level advisory lock serializes migrators; each migration runs in its own transaction with
/// the row recording it, so a failed migration leaves neither half a schema nor a false record.
public struct Migrator: Sendable {
    /// The schema that holds the migrated tables and the `schema_migrations` ledger.
    public let schema: String
    /// The known migrations, in any order.
    public let migrations: [Migration]

    /// What one `migrate` call did.
    public struct Outcome: Sendable, Equatable {
        /// Versions applied by this call, in order.
        public var applied: [Int]
        /// Versions recorded in the database that this binary does not know (a newer binary migrated).
        public var unknown: [Int]
    }

    /// Creates a migrator; versions must be unique and positive, and the schema a plain identifier.
    public init(schema: String, migrations: [Migration]) {
        precondition(schema.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") },
                     "schema must be a plain identifier")
        precondition(Set(migrations.map(\.version)).count == migrations.count, "migration versions must be unique")
        self.schema = schema
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies every pending migration and returns what it did.
    ///
    /// Fails when an applied migration's SQL changed since (its checksum differs): editing history is a
    /// bug; add a new migration instead.
    public func migrate(_ connection: PostgresConnection) throws -> Outcome {
        let lockKey = Int64(bitPattern: Migration.fnv1a("migrate:" + schema))
        try connection.query("SELECT pg_advisory_lock($1)", [lockKey], name: "migrate: lock")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [lockKey], name: "migrate: unlock") }

        try connection.executeScript("""
            CREATE SCHEMA IF NOT EXISTS \(schema);
            CREATE TABLE IF NOT EXISTS \(schema).schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, name: "migrate: ledger")

        var recorded: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM \(schema).schema_migrations",
                                        name: "migrate: read ledger").rows {
            recorded[try row.decode("version")] = try row.decode("checksum")
        }
        for migration in migrations {
            if let checksum = recorded[migration.version], checksum != migration.checksum {
                throw PostgresError(kind: .server,
                        message: "migration \(migration.version) (\(migration.name)) was changed after it was "
                            + "applied; add a new migration instead",
                                    statement: "migrate: verify")
            }
        }

        var outcome = Outcome(applied: [],
                              unknown: recorded.keys.filter { v in !migrations.contains { $0.version == v } }.sorted())
        for migration in migrations where recorded[migration.version] == nil {
            try connection.transaction { connection in
                try connection.executeScript(migration.sql, name: "migration \(migration.version): \(migration.name)")
                try connection.query("INSERT INTO \(schema).schema_migrations (version, name, checksum) VALUES ($1, "
                    + "$2, $3)",
                                     [migration.version, migration.name, migration.checksum], name: "migrate: record")
            }
            outcome.applied.append(migration.version)
        }
        return outcome
    }
}
