import CLibPQ
import Formatting
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection, owned by this object and freed exactly once.
///
/// Every method blocks the calling thread: use it through `Database`, which runs it on a dedicated
/// serial queue, never on Swift's cooperative pool. Not `Sendable`: one thread at a time.
public final class PostgresConnection {
    private let handle: OpaquePointer
    private var transactionDepth = 0
    /// Statements prepared in the current session, by SQL text; a new session (after a reset) has none.
    private var preparedStatements: [String: String] = [:]
    /// Cancels this session's statement in flight from another thread; renewed when the connection resets.
    public let canceller = PostgresCanceller()
    /// Set by `Database` while a cancellable caller uses the connection: a statement is not sent once it
    /// says the caller was cancelled (a cancel between two statements would otherwise be lost).
    var isCancelled: (@Sendable () -> Bool)?

    /// Connects with a libpq URI (`postgresql://...`) or conninfo string (`host=... dbname=...`).
    ///
    /// The session runs in UTC with ISO dates so timestamps decode exactly, whatever the server's defaults.
    public init(_ connectionString: String) throws(PostgresError) {
        guard let handle = PQconnectdb(connectionString) else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        self.handle = handle
        // Server notices ("relation already exists, skipping") must not reach stderr unformatted.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connectionFailed, message: lastErrorMessage)
        }
        canceller.renew(from: handle)
        try configureSession()
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether a transaction opened by `transaction` is in progress.
    public var isInTransaction: Bool { transactionDepth > 0 }

    /// The server's version number (for example 150018).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    // MARK: - Statements

    /// Runs one parameterized statement (`$1`, `$2`, ...) and returns its rows.
    ///
    /// - Parameter name: a short name for error messages and logs; defaults to the start of the SQL.
    @discardableResult
    /// - Parameter prepared: prepare the statement once per session and reuse its plan: for statements run
    ///   many times in a row (the mail ledger's), where planning would cost more than running.
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = [], name: String? = nil,
                      prepared: Bool = false) throws(PostgresError) -> PostgresResult {
        let statement = name ?? Self.summary(of: sql)
        try checkCancelled(statement: statement)
        try ensureConnected(statement: statement)
        let preparedName = prepared ? try preparedStatement(sql, parameterCount: parameters.count,
                                                            statement: statement) : nil
        var lengths = [Int32](repeating: 0, count: parameters.count)
        var formats = [Int32](repeating: 0, count: parameters.count)
        var values: [UnsafePointer<CChar>?] = []
        values.reserveCapacity(parameters.count)
        defer { values.forEach { free(UnsafeMutableRawPointer(mutating: $0)) } }
        for (index, parameter) in parameters.enumerated() {
            if let bytes = parameter.postgresBinary {
                let copy = malloc(max(bytes.count, 1))!
                bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                values.append(UnsafePointer(copy.assumingMemoryBound(to: CChar.self)))
                lengths[index] = Int32(bytes.count)
                formats[index] = 1
            } else {
                values.append(parameter.postgresText.map { UnsafePointer(strdup($0)) } ?? nil)
            }
        }
        let result = preparedName.map { PQexecPrepared(handle, $0, Int32(values.count), values, lengths, formats, 0) }
            ?? PQexecParams(handle, sql, Int32(values.count), nil, values, lengths, formats, 0)
        return try consume(result, statement: statement)
    }

    /// The server-side name of `sql` prepared in this session, preparing it on first use. At most 64 per
    /// session: beyond that the statement runs unprepared (nil).
    private func preparedStatement(_ sql: String, parameterCount: Int,
                                   statement: String) throws(PostgresError) -> String? {
        if let name = preparedStatements[sql] { return name }
        guard preparedStatements.count < 64 else { return nil }
        let name = "baseline_runner_\(preparedStatements.count + 1)"
        _ = try consume(PQprepare(handle, name, sql, Int32(parameterCount), nil), statement: statement)
        preparedStatements[sql] = name
        return name
    }

    /// Runs SQL that may hold several statements and no parameters (migration scripts).
    public func executeScript(_ sql: String, name: String) throws(PostgresError) {
        try checkCancelled(statement: name)
        try ensureConnected(statement: name)
        _ = try consume(PQexec(handle, sql), statement: name)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Nested calls use savepoints, so an inner failure rolls back only the inner work.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let savepoint = "sp_\(transactionDepth)"
        if transactionDepth == 0 {
            try query("BEGIN", name: "begin")
        } else {
            try query("SAVEPOINT \(savepoint)", name: "savepoint")
        }
        transactionDepth += 1
        let value: T
        do {
            value = try body(self)
        } catch {
            transactionDepth -= 1
            if transactionDepth == 0 {
                _ = try? query("ROLLBACK", name: "rollback")
            } else {
                _ = try? query("ROLLBACK TO SAVEPOINT \(savepoint)", name: "rollback to savepoint")
            }
            throw error
        }
        transactionDepth -= 1
        if transactionDepth == 0 {
            try query("COMMIT", name: "commit")
        } else {
            try query("RELEASE SAVEPOINT \(savepoint)", name: "release savepoint")
        }
        return value
    }

    /// Runs `body` in a transaction whose `app.current_tenant_id` is `tenantID`, so row-level security
    /// shows only that tenant's rows. The setting ends with the transaction.
    public func withTenant<T>(_ tenantID: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        try transaction { connection in
            try connection.query("SELECT set_config('app.current_tenant_id', $1, true)", [tenantID], name: "set tenant")
            return try body(connection)
        }
    }

    // MARK: - Connection state

    private func checkCancelled(statement: String) throws(PostgresError) {
        // ROLLBACK must still run after a cancellation, so the connection is left clean.
        guard let isCancelled, isCancelled(), !statement.hasPrefix("rollback") else { return }
        throw PostgresError(kind: .cancelled,
            message: "the run was cancelled (timeout or shutdown) before this statement", statement: statement)
    }

    /// Reconnects when the server has closed the connection (restart, idle timeout, failover).
    ///
    /// `PQconsumeInput` reads without blocking: a closed socket shows up as a failure here, before a
    /// statement is sent, so no statement is lost to a stale connection. Inside a transaction a broken
    /// connection is an error: the transaction's earlier work is gone and must not be silently skipped.
    private func ensureConnected(statement: String) throws(PostgresError) {
        if isAlive { return }
        if transactionDepth > 0 {
            throw PostgresError(kind: .connectionLost, message: lastErrorMessage, statement: statement)
        }
        PQreset(handle)
        preparedStatements = [:]
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connectionFailed, message: lastErrorMessage, statement: statement)
        }
        canceller.renew(from: handle)
        try configureSession()
    }

    /// Reads whatever the server sent while idle (notices, then end-of-file if it closed) without blocking.
    private var isAlive: Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        for _ in 0..<16 {
            guard poll(&descriptor, 1, 0) > 0 else { return true }  // nothing pending: alive
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else { return false }
        }
        return PQstatus(handle) == CONNECTION_OK
    }

    private func configureSession() throws(PostgresError) {
        _ = try consume(PQexec(handle, "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO'; SET application_name TO "
            + "'baseline-runner'"),
                        statement: "configure session")
    }

    /// libpq's last error, with any connection-string credential it echoes masked.
    private var lastErrorMessage: String {
        CredentialText.scrub(String(cString: PQerrorMessage(handle)).trimmed)
    }

    // MARK: - Results

    private func consume(_ result: OpaquePointer?, statement: String) throws(PostgresError) -> PostgresResult {
        guard let result else {
            throw PostgresError(kind: PQstatus(handle) == CONNECTION_OK ? .server : .connectionLost,
                                message: lastErrorMessage, statement: statement)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(rows: [], affectedRows: Int(String(cString: PQcmdTuples(result))) ?? 0)
        case PGRES_TUPLES_OK:
            return readRows(result, statement: statement)
        default:
            throw error(from: result, statement: statement)
        }
    }

    private func readRows(_ result: OpaquePointer, statement: String) -> PostgresResult {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        let names = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let columns = PostgresColumns(names: names, statement: statement)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for r in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for c in 0..<columnCount {
                values.append(PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c)))
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return PostgresResult(rows: rows, affectedRows: Int(rowCount))
    }

    private func error(from result: OpaquePointer, statement: String) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let pointer = PQresultErrorField(result, code) else { return nil }
            return String(cString: pointer)
        }
        guard let sqlState = field(CLibPQ_DIAG_SQLSTATE) else {
            // No SQLSTATE: the failure happened on our side of the wire (usually a dropped connection).
            let message = String(cString: PQresultErrorMessage(result)).trimmed
            let lost = PQstatus(handle) != CONNECTION_OK
            return PostgresError(kind: lost ? .connectionLost : .server,
                                 message: message.isEmpty ? lastErrorMessage : message,
                                 statement: statement)
        }
        return PostgresError(kind: .server, sqlState: SQLState(rawValue: sqlState),
                             message: field(CLibPQ_DIAG_MESSAGE_PRIMARY) ?? "unknown error",
                             detail: field(CLibPQ_DIAG_MESSAGE_DETAIL), hint: field(CLibPQ_DIAG_MESSAGE_HINT),
                             constraint: field(CLibPQ_DIAG_CONSTRAINT_NAME), statement: statement)
    }

    /// The first line of the SQL, shortened: a readable statement name that holds no parameter values.
    static func summary(of sql: String) -> String {
        let collapsed = sql.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.count > 60 ? String(collapsed.prefix(57)) + "..." : collapsed
    }
}
