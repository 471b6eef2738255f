import Dispatch
import FoundationEssentials

/// A PostgreSQL connection behind a private serial queue: the safe way to use `PostgresConnection`
/// from Swift concurrency.
///
/// libpq blocks its calling thread. Each `Database` owns one dispatch queue (its own thread when busy),
/// so waiting for the server never occupies one of the cooperative pool's few threads. The connection
/// opens lazily on first use and reconnects after the server drops it.
public final class Database: Sendable {
    private let connectionString: String
    private let queue: DispatchQueue
    private let slot: ConnectionSlot

    /// Prepares a database handle; nothing connects until the first call.
    public init(_ connectionString: String, label: String = "baseline-runner.postgres") {
        self.connectionString = connectionString
        self.queue = DispatchQueue(label: label)
        self.slot = ConnectionSlot()
    }

    /// Runs `body` with the connection on the database's queue and returns its result.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                continuation.resume(with: Result { try body(try slot.connection(connectionString)) })
            }
        }
    }

    /// Runs `body` with the connection, blocking the calling thread: for command-line code outside
    /// Swift concurrency. Never call it from the database's own queue or from an async task.
    public func withConnectionBlocking<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try queue.sync { try body(try slot.connection(connectionString)) }
    }

    /// Runs `body` in a transaction (see `PostgresConnection.transaction`).
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withConnection { try $0.transaction(body) }
    }

    /// Runs `body` in a tenant-scoped transaction (see `PostgresConnection.withTenant`).
    public func withTenant<T: Sendable>(_ tenantID: String, _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withConnection { try $0.withTenant(tenantID, body) }
    }

    /// Runs one statement and returns its result.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = [], name: String? = nil) async throws -> PostgresResult {
        try await withConnection { try $0.query(sql, parameters, name: name) }
    }
}

/// Holds the lazily opened connection; touched only on the owning `Database`'s queue.
private final class ConnectionSlot: @unchecked Sendable {
    private var current: PostgresConnection?

    func connection(_ connectionString: String) throws -> PostgresConnection {
        if let current { return current }
        let opened = try PostgresConnection(connectionString)
        current = opened
        return opened
    }
}
