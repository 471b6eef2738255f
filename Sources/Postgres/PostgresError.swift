/// A PostgreSQL error: what failed, where, and the server's SQLSTATE when there is one.
///
/// The description names the statement but never its parameter values, and leaves out the server's
/// DETAIL (which can echo values, as in unique violations); both remain available as properties.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// The broad kind of failure.
    public enum Kind: String, Sendable {
        /// The server could not be reached or refused the connection.
        case connectionFailed
        /// An established connection broke; the next use reconnects.
        case connectionLost
        /// The server rejected a statement; `sqlState` says why.
        case server
        /// A result value could not be decoded into the requested Swift type.
        case decoding
        /// The calling task was cancelled (a run's timeout or shutdown) before the statement was sent.
        case cancelled
    }

    /// The kind of failure.
    public let kind: Kind
    /// The five-character SQLSTATE, for server errors.
    public let sqlState: SQLState?
    /// The primary message.
    public let message: String
    /// The server's DETAIL field, which may contain data values: not part of `description`.
    public let detail: String?
    /// The server's HINT field.
    public let hint: String?
    /// The violated constraint, for integrity errors.
    public let constraint: String?
    /// The statement's name, or the start of its SQL text (which holds placeholders, not values).
    public let statement: String?

    /// Creates an error.
    public init(kind: Kind, sqlState: SQLState? = nil, message: String, detail: String? = nil, hint: String? = nil,
                constraint: String? = nil, statement: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.statement = statement
    }

    /// One line for logs and the command line.
    public var description: String {
        var text: String
        switch kind {
        case .connectionFailed: text = "cannot connect to PostgreSQL: \(message)"
        case .connectionLost: text = "connection to PostgreSQL lost: \(message)"
        case .server: text = "PostgreSQL error \(sqlState?.rawValue ?? "?????"): \(message)"
        case .decoding: text = "cannot decode PostgreSQL result: \(message)"
        case .cancelled: text = "PostgreSQL statement not sent: \(message)"
        }
        if let statement { text += " (statement \"\(statement)\")" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }

    /// Whether retrying on a new connection may succeed.
    public var isConnectionProblem: Bool { kind == .connectionFailed || kind == .connectionLost }
}

/// A SQLSTATE code, usable in `catch` patterns: `catch let e as PostgresError where e.sqlState == .uniqueViolation`.
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The five-character code.
    public let rawValue: String
    /// Creates a code from its text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// 23505: a unique index refused the row.
    public static let uniqueViolation = SQLState(rawValue: "23505")
    /// 23503: a foreign key refused the row.
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    /// 23514: a check constraint refused the row.
    public static let checkViolation = SQLState(rawValue: "23514")
    /// 42P01: the table does not exist (often: `migrate` has not run).
    public static let undefinedTable = SQLState(rawValue: "42P01")
    /// 42501: the role lacks a privilege, or row-level security refused a write.
    public static let insufficientPrivilege = SQLState(rawValue: "42501")
    /// 40001: serialization failure; the transaction may be retried.
    public static let serializationFailure = SQLState(rawValue: "40001")
    /// 57P01: the server is shutting down.
    public static let adminShutdown = SQLState(rawValue: "57P01")

    /// The code.
    public var description: String { rawValue }
}
