import Foundation
import Postgres
import Testing
import TestSupport

@Suite("PostgreSQL reconnection")
struct ReconnectTests {
    @Test func restartedServerIsReconnectedTo() async throws {
        let server = try TemporaryPostgresServer()
        let database = Database(server.url)
        let before = try await database.query("SELECT pg_backend_pid() AS pid").first!.decode("pid", as: Int.self)

        try server.stop()
        try server.start()

        let after = try await database.query("SELECT pg_backend_pid() AS pid").first!.decode("pid", as: Int.self)
        #expect(after != before, "a new backend serves the reconnected session")
        let zone = try await database.query("SHOW TimeZone").first!.decode(at: 0, as: String.self)
        #expect(zone == "UTC", "session settings are applied again after reconnecting")
    }

    @Test func preparedStatementIsPreparedAgainAfterTheServerRestarts() async throws {
        let server = try TemporaryPostgresServer()
        let database = Database(server.url)
        let sql = "SELECT $1::int + 1 AS n"
        let first = try await database.withConnection { try $0.query(sql, [1], prepared: true) }
        #expect(try first.first?.decode("n", as: Int.self) == 2)
        try server.stop()
        try server.start()
        let again = try await database.withConnection { try $0.query(sql, [41], prepared: true) }
        #expect(try again.first?.decode("n", as: Int.self) == 42,
                "the new session has no prepared statements of the old")
    }

    @Test func serverDownGivesConnectionErrorThenRecovers() async throws {
        let server = try TemporaryPostgresServer()
        let database = Database(server.url)
        _ = try await database.query("SELECT 1")
        try server.stop()
        let error = await #expect(throws: PostgresError.self) { try await database.query("SELECT 1") }
        #expect(error?.isConnectionProblem == true)
        try server.start()
        let value = try await database.query("SELECT 7 AS n").first!.decode("n", as: Int.self)
        #expect(value == 7)
    }
}

@Suite("cancelling a statement")
struct CancelTests {
    @Test func cancellingTheTaskCancelsTheStatementAndTheConnectionStaysUsable() async throws {
        let database = Database(TestServices.databaseURL)
        let sleeper = Task { try await database.query("SELECT pg_sleep(30) AS marker_for_cancel_test") }
        // Cancel once the statement is on the server (a loaded machine may take a while to connect).
        let observer = try PostgresConnection(TestServices.adminDatabaseURL)
        for _ in 0..<200 {
            let running = try observer.query("""
                SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%marker_for_cancel_test%'
                    AND pid <> pg_backend_pid()
                """).rows.first?.decode("n") as Int?
            if running == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let started = Date()
        sleeper.cancel()
        let error = await #expect(throws: PostgresError.self) { try await sleeper.value }
        #expect(Date().timeIntervalSince(started) < 15, "cancelled promptly, not after the 30 s sleep")
        #expect(error?.sqlState?.rawValue == "57014", "query_canceled: \(String(describing: error))")
        let row = try await database.query("SELECT 41 + 1 AS answer").rows.first
        #expect(try row?.decode("answer") as Int? == 42)
    }

    @Test func workCancelledBeforeItStartsNeverRuns() async throws {
        let database = Database(TestServices.databaseURL)
        let task = Task {
            try? await Task.sleep(for: .milliseconds(100))
            return try await database.query("SELECT 1")
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
