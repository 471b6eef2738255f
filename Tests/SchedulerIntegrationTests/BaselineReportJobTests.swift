import Foundation
import JSON
import Postgres
import Testing
import TestSupport

@Suite("baseline-report job")
struct BaselineReportJobTests {
    static let platform = try! SyntheticPlatform(seed: 33, tenants: 2, days: 3, end: "2026-12-03")

    @Test func reportIsArchivedWithTheFiguresAndMailedOnce() throws {
        let fixture = try RunnerFixture("report", jobs: [
            "report": #"{"name": "report", "kind": "baseline-report", "at": "2026-12-03T08:00", "timezone": "America/New_York", "params": {"to": ["stakeholders"]}}"#,
        ])
        defer { fixture.remove() }
        try #"{"baseline": {"start": "2026-11-30", "days": 3, "timezone": "America/New_York"}, "roi": {"hourlyRate": 85}, "recipients": {"stakeholders": ["PM <pm@example.com>"]}}"#
            .write(toFile: fixture.jobsDirectory + "/program.json", atomically: true, encoding: .utf8)
        let outbox = fixture.jobsDirectory + "/outbox"
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url, "OUTBOX_DIR": outbox,
                           "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        let run = try fixture.run(["run", "report"], extra: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")

        let reports = try #require(try JSONParser.parse(try fixture.run(["reports", "--json"], extra: environment).stdout).arrayValue)
        #expect(reports.count == 1)
        #expect(reports.first?["period_start"] == .string("2026-11-30T05:00:00+00:00"))
        let id = try #require(reports.first?["id"]?.intValue)
        let figures = try JSONParser.parse(try fixture.run(["reports", "show", "\(id)", "--format", "json"], extra: environment).stdout)
        for key in ["period_start", "period_end", "timezone", "tenant_id", "success_rate_pct", "latency_p50_seconds", "latency_p95_seconds",
                    "latency_p99_seconds", "tickets_enhanced", "tickets_per_day", "avg_rating", "rating_count", "thumbs_up", "thumbs_down",
                    "positive_feedback_pct", "resolution_time_before_seconds", "resolution_time_after_seconds", "resolution_time_reduction_pct",
                    "roi_hours_saved", "roi_value", "criteria", "daily", "excluded_windows"] {
            #expect(figures[key] != nil, "figures has \(key)")
        }
        var expected = 0.0
        for tenant in Self.platform.manifest["tenants"]!.arrayValue! {
            for day in Self.platform.manifest["daily"]![tenant["id"]!.stringValue!]!.objectValue! { expected += day.value["tickets"]!.doubleValue! }
        }
        let tickets = try #require(figures["tickets_enhanced"]?.doubleValue)
        #expect(abs(tickets - expected) <= expected * 0.01, "\(tickets) vs \(expected)")
        #expect(figures["daily"]?.arrayValue?.count == 3)
        #expect(figures["period_start"] == .string("2026-11-30T00:00:00-05:00"))
        let reduction = try #require(figures["resolution_time_reduction_pct"]?.doubleValue)
        #expect(reduction > 20 && reduction < 40, "synthetic after/before gauges are about 30 % apart: \(reduction)")

        let markdown = try fixture.run(["reports", "show", "\(id)"], extra: environment).stdout
        #expect(markdown.contains("| Criterion | Target | Actual | Status |"))
        #expect(markdown.contains("## Prioritized gaps"))
        let html = try fixture.run(["reports", "show", "\(id)", "--format", "html"], extra: environment).stdout
        #expect(html.utf8.count < 100_000)
        #expect(!html.contains("<script") && !html.contains("data:") && !html.contains("<svg"))
        #expect(html.contains("baseline-runner history report"), "the footer names the job")

        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 1)
        let parsed = try #require(try JSONParser.parse(try inspectMail(files.map { outbox + "/" + $0 })).arrayValue?.first)
        #expect(parsed["attachments"]?.arrayValue?.first?["filename"] == .string("baseline-report-figures.json"))
        #expect(try fixture.run(["run", "report", "--force"], extra: environment).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.count == 1, "a key is never mailed twice")
    }
}
