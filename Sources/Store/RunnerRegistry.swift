import FoundationEssentials
import Postgres

/// `serve` processes announce themselves and heartbeat here, so `health` can tell a stuck scheduler.
public struct RunnerRegistry: Sendable {
    private let database: Database
    private static let table = "\(RunnerSchema.name).runners"

    /// Uses `database` for every call.
    public init(database: Database) { self.database = database }

    /// Records this process as running.
    public func register(id: String, host: String, pid: Int32) async throws {
        try await database.withConnection { connection in
            try connection.query("""
                INSERT INTO \(Self.table) (id, host, pid) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET host = $2, pid = $3, started_at = now(), heartbeat_at = now(),
                stopped_at = NULL
                """, [id, host, Int(pid)], name: "register runner")
        }
    }

    /// Refreshes this process's heartbeat.
    public func heartbeat(id: String) async throws {
        try await database.withConnection { connection in
            try connection.query("UPDATE \(Self.table) SET heartbeat_at = now() WHERE id = $1", [id],
                                 name: "runner heartbeat")
        }
    }

    /// Records a clean stop.
    public func stopped(id: String) async throws {
        try await database.withConnection { connection in
            try connection.query("UPDATE \(Self.table) SET stopped_at = now() WHERE id = $1", [id],
                                 name: "runner stopped")
        }
    }

    /// Age in seconds of the heartbeat of the newest running `serve` on `host`, or nil when none runs.
    public func heartbeatAge(host: String) async throws -> Double? {
        try await database.withConnection { connection in
            try connection.query("""
                SELECT extract(epoch FROM now() - heartbeat_at)::float8 AS age FROM \(Self.table)
                WHERE host = $1 AND stopped_at IS NULL ORDER BY started_at DESC LIMIT 1
                """, [host], name: "runner heartbeat age").rows.first?.decode("age")
        }
    }
}
