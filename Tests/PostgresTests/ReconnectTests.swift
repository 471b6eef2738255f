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
