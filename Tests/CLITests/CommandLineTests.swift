import Foundation
import Testing
import TestSupport

@Suite("Command line")
struct CommandLineTests {
    @Test func helpListsTheCommandsAndExitsZero() throws {
        let output = try RunnerBinary.run(["--help"])
        #expect(output.status == 0)
        for command in ["validate", "migrate", "health", "cron next"] {
            #expect(output.stdout.contains(command))
        }
    }

    @Test func noCommandIsAUsageError() throws {
        let output = try RunnerBinary.run([])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("Usage"))
    }

    @Test func unknownCommandSuggestsTheClosestOne() throws {
        let output = try RunnerBinary.run(["valdiate"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("Did you mean 'validate'?"))
    }

    @Test func unknownOptionIsAUsageErrorWithTheKnownOnes() throws {
        let output = try RunnerBinary.run(["cron", "next", "* * * * *", "--zone", "UTC"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--zone"))
        #expect(output.stderr.contains("--tz"))
    }

    @Test func commandHelpShowsItsOptions() throws {
        let output = try RunnerBinary.run(["cron", "next", "--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("--after TIME"))
    }

    @Test func validateAcceptsTheShippedJobsAndListsThemOnStandardOutput() throws {
        let output = try RunnerBinary.run(["validate"], environment: ["JOBS_DIR": "Jobs", "TEMPLATES_DIR": "Templates"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("daily-data-quality\tdata-quality\t30 6 * * *\tAmerica/New_York\tnext "))
        #expect(!output.stdout.contains("\"level\""), "logs stay on standard error")
    }

    @Test func validatePrintsEveryErrorAndExitsTwo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"baseline": {"start": "2026-11-30"}}"#.write(toFile: directory + "/program.json", atomically: true,
                                                            encoding: .utf8)
        try #"{"name": "x", "kind": "command", "schedule": "0 25 * * *", "params": {"argv": ["true"]}, "extra": 1}"#
            .write(toFile: directory + "/x.json", atomically: true, encoding: .utf8)
        let output = try RunnerBinary.run(["validate"], environment: ["JOBS_DIR": directory, "MAIL_FROM": "bad"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("hour field: \"25\" is out of range 0-23"))
        #expect(output.stderr.contains("field \"extra\""))
        #expect(output.stderr.contains("MAIL_FROM"))
        #expect(output.stderr.contains("3 problems found"))
    }

    @Test func databaseCommandsWithoutDatabaseURLAreConfigurationErrors() throws {
        for command in ["migrate", "health"] {
            let output = try RunnerBinary.run([command], environment: ["DATABASE_URL": ""])
            #expect(output.status == 2)
            #expect(output.stderr.contains("DATABASE_URL is not set"))
        }
    }

    @Test func passwordInDatabaseURLNeverReachesTheOutput() throws {
        let port = TemporaryPostgresServer.freePort()
        let url = "postgresql://baseline_app:Sup3r-S3cret-Pw@127.0.0.1:\(port)/baseline?connect_timeout=2"
        for command in ["migrate", "health"] {
            for format in ["json", "text"] {
                let output = try RunnerBinary.run([command], environment: ["DATABASE_URL": url, "LOG_FORMAT": format])
                #expect(output.status == 1)
                #expect(!output.stdout.contains("Sup3r-S3cret-Pw"))
                #expect(!output.stderr.contains("Sup3r-S3cret-Pw"))
                #expect(output.stderr.contains("cannot connect"), "\(output.stderr)")
            }
        }
    }

    @Test func healthAndMigrateSucceedAgainstTheTestDatabase() throws {
        let url = try TestServices.scratchDatabase("cli")
        let migrate = try RunnerBinary.run(["migrate"], environment: ["DATABASE_URL": url])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("migrated to version"))
        let again = try RunnerBinary.run(["migrate"], environment: ["DATABASE_URL": url])
        #expect(again.stdout.contains("up to date"))
        let health = try RunnerBinary.run(["health"], environment: ["DATABASE_URL": url])
        #expect(health.status == 0)
        #expect(health.stdout == "ok\n")
    }
}
