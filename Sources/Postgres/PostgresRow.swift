/// One result row in text format, detached from libpq so it can cross threads.
public struct PostgresRow: Sendable {
    /// The column names of the result, shared by all its rows.
    public let columns: PostgresColumns
    /// The values in column order; `nil` is SQL NULL.
    public let values: [String?]

    /// Decodes the named column.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let index = columns.index(of: column) else {
            throw PostgresError(kind: .decoding,
                                message: "no column \"\(column)\" (columns: \(columns.names.joined(separator: ", ")))",
                                statement: columns.statement)
        }
        return try decode(at: index, as: type)
    }

    /// Decodes the column at a 0-based position.
    public func decode<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard values.indices.contains(index) else {
            throw PostgresError(kind: .decoding, message: "no column at position \(index)",
                                statement: columns.statement)
        }
        do {
            return try T.decode(postgresText: values[index])
        } catch {
            throw PostgresError(kind: .decoding,
                                message: "column \"\(columns.names[index])\" as \(T.self): \(error.reason)",
                                statement: columns.statement)
        }
    }
}

/// The column names of a result, with a name-to-position index.
public final class PostgresColumns: Sendable {
    /// The names in order.
    public let names: [String]
    /// The statement that produced them, for error messages.
    public let statement: String?
    private let positions: [String: Int]

    init(names: [String], statement: String?) {
        self.names = names
        self.statement = statement
        var positions: [String: Int] = [:]
        for (i, name) in names.enumerated() where positions[name] == nil { positions[name] = i }
        self.positions = positions
    }

    /// The position of the first column with this name.
    public func index(of name: String) -> Int? { positions[name] }
}

/// The outcome of a statement: its rows (if any) and the number of rows it affected.
public struct PostgresResult: Sendable {
    /// The returned rows.
    public let rows: [PostgresRow]
    /// Rows inserted, updated or deleted (or returned, for SELECT).
    public let affectedRows: Int

    /// The first row, if any.
    public var first: PostgresRow? { rows.first }
}
