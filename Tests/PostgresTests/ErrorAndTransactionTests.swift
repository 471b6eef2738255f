import Foundation
import Postgres
import Testing
import TestSupport

@Suite("PostgreSQL errors and transactions")
struct ErrorAndTransactionTests {
    let connection: PostgresConnection
    let table: String

    init() throws {
        connection = try PostgresConnection(TestServices.databaseURL)
        table = "t_\(UInt32.random(in: 0...UInt32.max))"
        try connection.query("CREATE TABLE \(table) (id int PRIMARY KEY, secret text)")
    }

    @Test func uniqueViolationCarriesSQLStateAndStatementNameButNoValues() throws {
        try connection.query("INSERT INTO \(table) VALUES ($1, $2)", [1, "hunter2"], name: "insert row")
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO \(table) VALUES ($1, $2)", [1, "hunter2"], name: "insert row")
        }
        #expect(error?.sqlState == .uniqueViolation)
        #expect(error?.kind == .server)
        #expect(error?.statement == "insert row")
        #expect(error?.description.contains("23505") == true)
        #expect(error?.description.contains("insert row") == true)
        #expect(error?.description.contains("hunter2") == false)
        #expect(error?.description.contains("(id)=(1)") == false,
                "DETAIL echoes values and stays out of the description")
        #expect(error?.detail?.contains("(id)=(1)") == true)
    }

    @Test func errorInsideTransactionRollsBackEverything() throws {
        struct Planned: Error {}
        #expect(throws: Planned.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO \(table) VALUES (10, 'a')")
                try tx.query("INSERT INTO \(table) VALUES (11, 'b')")
                throw Planned()
            }
        }
        #expect(!connection.isInTransaction)
        let count = try connection.query("SELECT count(*) AS n FROM \(table)").first!.decode("n", as: Int.self)
        #expect(count == 0)
    }

    @Test func serverErrorInsideTransactionRollsBackAndConnectionStaysUsable() throws {
        #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO \(table) VALUES (20, 'a')")
                try tx.query("INSERT INTO \(table) VALUES (20, 'duplicate')")
            }
        }
        let count = try connection.query("SELECT count(*) AS n FROM \(table)").first!.decode("n", as: Int.self)
        #expect(count == 0)
    }

    @Test func committedTransactionKeepsItsRows() throws {
        try connection.transaction { tx in
            try tx.query("INSERT INTO \(table) VALUES (30, 'a')")
        }
        #expect(try connection.query("SELECT id FROM \(table)").rows.count == 1)
    }

    @Test func nestedFailureRollsBackOnlyTheInnerWork() throws {
        struct Inner: Error {}
        try connection.transaction { tx in
            try tx.query("INSERT INTO \(table) VALUES (40, 'outer')")
            _ = try? tx.transaction { inner in
                try inner.query("INSERT INTO \(table) VALUES (41, 'inner')")
                throw Inner()
            }
        }
        let ids = try connection.query("SELECT id FROM \(table) ORDER BY id").rows.map { try $0.decode("id",
                as: Int.self) }
        #expect(ids == [40])
    }

    @Test func tenantSettingIsGoneAfterItsTransaction() throws {
        let inside = try connection.withTenant("11111111-1111-1111-1111-111111111111") { tx in
            try tx.query("SELECT current_setting('app.current_tenant_id', true) AS t").first!.decode("t",
                    as: String?.self)
        }
        #expect(inside == "11111111-1111-1111-1111-111111111111")
        let after = try connection.query("SELECT current_setting('app.current_tenant_id', true) AS "
            + "t").first!.decode("t", as: String?.self)
        #expect(after == nil || after == "")
    }

    @Test func connectionFailureNamesTheProblem() throws {
        let error = #expect(throws: PostgresError.self) {
            let port = TemporaryPostgresServer.freePort()
            _ = try PostgresConnection("postgresql://nobody@127.0.0.1:\(port)/x?connect_timeout=2")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description.contains("cannot connect") == true)
    }
}
