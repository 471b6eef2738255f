import Dispatch
import FoundationEssentials
import Synchronization

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
    ///
    /// Cancelling the calling task (a run's timeout, shutdown) cancels the statement in flight with
    /// `PQcancel`, so the wait ends within moments and the connection stays usable; work not yet started
    /// when the task is cancelled does not start.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T)
        async throws -> T {
        let ticket = CancelTicket()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { [self] in
                    continuation.resume(with: Result {
                        let connection = try slot.connection(connectionString)
                        guard ticket.begin(connection.canceller) else { throw CancellationError() }
                        connection.isCancelled = { ticket.isCancelled }
                        defer {
                            connection.isCancelled = nil
                            ticket.end()
                        }
                        return try body(connection)
                    })
                }
            }
        } onCancel: {
            ticket.cancel()
        }
    }

    /// Runs `body` with the connection, blocking the calling thread: for command-line code outside
    /// Swift concurrency. Never call it from the database's own queue or from an async task.
    public func withConnectionBlocking<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try queue.sync { try body(try slot.connection(connectionString)) }
    }

    /// Runs `body` in a transaction (see `PostgresConnection.transaction`).
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T)
        async throws -> T {
        try await withConnection { try $0.transaction(body) }
    }

    /// Runs `body` in a tenant-scoped transaction (see `PostgresConnection.withTenant`).
    public func withTenant<T: Sendable>(_ tenantID: String,
            _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withConnection { try $0.withTenant(tenantID, body) }
    }

    /// Runs one statement and returns its result.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = [],
                      name: String? = nil) async throws -> PostgresResult {
        try await withConnection { try $0.query(sql, parameters, name: name) }
    }
}

/// Ties one `withConnection` call to the statement it runs, so a cancellation reaches that statement
/// and no other (a later caller's statement on the same connection is never cancelled).
private final class CancelTicket: Sendable {
    private struct State {
        var cancelled = false
        var canceller: PostgresCanceller?
    }
    private let state = Mutex(State())
    /// Entered while a `PQcancel` is on its way, so the work cannot end (and the next caller's statement
    /// start) before the server has the request.
    private let sending = DispatchGroup()
    private static let cancelQueue = DispatchQueue(label: "baseline-runner.postgres.cancel", attributes: .concurrent)

    /// Whether the caller was cancelled.
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Marks the work as started; false when it was cancelled before it began.
    func begin(_ canceller: PostgresCanceller) -> Bool {
        state.withLock { state in
            guard !state.cancelled else { return false }
            state.canceller = canceller
            return true
        }
    }

    /// Marks the work as finished (on the connection's queue): waits for a cancel request in flight, then
    /// a cancellation does nothing more.
    func end() {
        sending.wait()
        state.withLock { $0.canceller = nil }
    }

    /// Cancels the statement in flight, if the work is running; otherwise stops it from starting. The
    /// request (a network round trip) is sent from a queue of its own, never from the cancelling task's
    /// thread, which may be one of the cooperative pool's few.
    func cancel() {
        let canceller: PostgresCanceller? = state.withLock { state in
            guard !state.cancelled else { return nil }
            state.cancelled = true
            guard let canceller = state.canceller else { return nil }
            sending.enter()
            return canceller
        }
        guard let canceller else { return }
        Self.cancelQueue.async { [sending] in
            canceller.cancel()
            sending.leave()
        }
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
