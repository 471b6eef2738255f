import Foundation
import Testing
import TestSupport

@Suite("cron next command")
struct CronNextCommandTests {
    @Test func printsFireTimesWithTheZonesOffset() throws {
        let output = try RunnerBinary.run(["cron", "next", "30 2 * * *", "--tz", "America/New_York",
                                           "--after", "2026-03-07T00:00", "--count", "3"])
        #expect(output.status == 0)
        #expect(output.stdout == """
            2026-03-07T02:30:00-05:00
            2026-03-08T03:00:00-04:00
            2026-03-09T02:30:00-04:00

            """)
    }

    @Test func afterWithOffsetIsAnInstant() throws {
        let output = try RunnerBinary.run(["cron", "next", "@hourly", "--after", "2026-01-01T00:30:00+05:30",
                                           "--count", "1"])
        #expect(output.stdout == "2025-12-31T20:00:00+00:00\n")
    }

    @Test("invalid input exits 2 naming the problem", arguments: [
        (["cron", "next", "*/0 * * * *"], "step 0"),
        (["cron", "next", "* * * * MON-XYZ"], "\"MON-XYZ\""),
        (["cron", "next", "-5 * * * *"], "minute field: \"-5\""),
        (["cron", "next", "0 0 30 2 *"], "can never fire"),
        (["cron", "next", "* * * * *", "--tz", "Nowhere/City"], "Nowhere/City"),
        (["cron", "next", "* * * * *", "--after", "yesterday"], "yesterday"),
        (["cron", "next", "* * * * *", "--count", "0"], "--count"),
    ])
    func invalidInputExitsTwo(arguments: [String], message: String) throws {
        let output = try RunnerBinary.run(arguments)
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test func neverFiringExpressionAnswersQuickly() throws {
        let start = Date()
        let output = try RunnerBinary.run(["cron", "next", "0 0 31 4,6,9,11 *"])
        #expect(output.status == 2)
        // Generous bound for a loaded CI machine; the benchmark measures the real figure.
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
