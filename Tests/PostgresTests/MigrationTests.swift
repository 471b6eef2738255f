import Foundation
import Postgres
import Store
import Testing
import TestSupport

@Suite("Migrations")
struct MigrationTests {
    /// The checksums the shipped migrations were applied with (read from a database migrated by the release
    /// before them). Editing an applied migration's SQL, even its whitespace, makes `migrate` refuse every
    /// existing database; this fails first. A new migration adds its line here.
    static let appliedChecksums = [1: "c3b1f3c7dfdacb7c", 2: "7efce06164f61608", 3: "99cc1a7521595e46",
                                   4: "301e9fc67a62b246", 5: "8fbb10ce3b4c12a5", 6: "39de6f82db02a407",
                                   7: "38f82e104613a510", 8: "27285997456d38e2"]

    @Test func shippedMigrationsKeepTheChecksumsTheyWereAppliedWith() {
        let current = Dictionary(uniqueKeysWithValues: RunnerSchema.migrations.map { ($0.version, $0.checksum) })
        #expect(current == Self.appliedChecksums)
    }

    @Test func migrateTwiceChangesNothingTheSecondTime() throws {
        let connection = try PostgresConnection(try TestServices.scratchDatabase("migrate"))
        let first = try RunnerSchema.migrator.migrate(connection)
        #expect(first.applied == RunnerSchema.migrations.map(\.version))
        let second = try RunnerSchema.migrator.migrate(connection)
        #expect(second.applied.isEmpty)
        #expect(second.unknown.isEmpty)
        let columns = try connection.query("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'baseline_runner' AND table_name = 'job_runs' ORDER BY ordinal_position
            """).rows.map { try $0.decode("column_name", as: String.self) }
        for expected in ["id", "job", "scheduled_for", "trigger", "status", "attempt", "runner", "started_at",
                         "finished_at", "error"] {
            #expect(columns.contains(expected), "job_runs has \(expected)")
        }
    }

    @Test func twoConcurrentMigrateProcessesBothSucceedAndOneApplies() throws {
        let url = try TestServices.scratchDatabase("concurrent")
        let results = LockedResults()
        let threads = (0..<2).map { _ in
            Thread {
                results.append(Result { try RunnerBinary.run(["migrate"],
                        environment: ["DATABASE_URL": url, "LOG_FORMAT": "json"]) })
            }
        }
        threads.forEach { $0.start() }
        while results.count < 2 { usleep(10_000) }
        let outputs = try results.all.map { try $0.get() }
        #expect(outputs.allSatisfy { $0.status == 0 }, "\(outputs.map(\.stderr))")
        #expect(outputs.filter { $0.stdout.contains("migrated to version") }.count == 1)
        #expect(outputs.filter { $0.stdout.contains("up to date") }.count == 1)
        let connection = try PostgresConnection(url)
        let recorded = try connection.query("SELECT count(*) AS n FROM "
            + "baseline_runner.schema_migrations").first!.decode("n", as: Int.self)
        #expect(recorded == RunnerSchema.migrations.count)
    }

    @Test func editedMigrationIsRefused() throws {
        let connection = try PostgresConnection(try TestServices.scratchDatabase("edited"))
        _ = try Migrator(schema: "edits",
                migrations: [Migration(version: 1, name: "t", sql: "CREATE TABLE edits.t (a int)")]).migrate(connection)
        let edited = Migrator(schema: "edits",
                              migrations: [Migration(version: 1, name: "t", sql: "CREATE TABLE edits.t (a bigint)")])
        let error = #expect(throws: PostgresError.self) { try edited.migrate(connection) }
        #expect(error?.description.contains("migration 1") == true)
    }

    @Test func failedMigrationLeavesNoRecordAndNoPartialSchema() throws {
        let connection = try PostgresConnection(try TestServices.scratchDatabase("failing"))
        let failing = Migrator(schema: "partial", migrations: [
            Migration(version: 1, name: "good", sql: "CREATE TABLE partial.a (x int)"),
            Migration(version: 2, name: "bad", sql: "CREATE TABLE partial.b (x int); SELECT no_such_function();"),
        ])
        #expect(throws: PostgresError.self) { try failing.migrate(connection) }
        let versions = try connection.query("SELECT version FROM "
            + "partial.schema_migrations").rows.map { try $0.decode("version", as: Int.self) }
        #expect(versions == [1])
        let tableB = try connection.query("SELECT to_regclass('partial.b') AS t").first!.decode("t", as: String?.self)
        #expect(tableB == nil)
    }
}

private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Shell.Output, any Error>] = []
    func append(_ result: Result<Shell.Output, any Error>) { lock.lock(); results.append(result); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return results.count }
    var all: [Result<Shell.Output, any Error>] { lock.lock(); defer { lock.unlock() }; return results }
}
