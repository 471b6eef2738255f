import Foundation
import JSON
import Postgres
import Testing
import TestSupport

/// Serialized: the tests share the synthetic platform's database, runner tables included.
@Suite("review-snapshot job", .serialized)
struct ReviewSnapshotJobTests {
    /// Two weeks, Mon 2026-11-23 to Sun 2026-12-06, one sample a minute.
    static let platform = try! SyntheticPlatform(seed: 44, tenants: 2, days: 14, end: "2026-12-07",
                                                 arguments: ["--interval", "60"])

    @Test func snapshotComparesTheWeeksAndEscapesComments() throws {
        let tenant = Self.platform.manifest["tenants"]!.arrayValue![0]["id"]!.stringValue!
        let admin = try PostgresConnection(TestServices.adminURL(forScratch: Self.platform.databaseURL))
        try admin.query("""
            INSERT INTO enhancement_feedback (tenant_id, ticket_id, feedback_type, rating_value, feedback_comment,
                                              created_at)
            VALUES ($1, 'T-x', 'rating', 2, '<script>alert(1)</script> & "quotes"', '2026-12-07 04:59:59.999')
            """, [tenant])
        let fixture = try RunnerFixture("snapshot", jobs: [
            "snap": #"{"name": "snap", "kind": "review-snapshot", "schedule": "0 8 * * MON", "timezone": "#
                + #""America/New_York", "params": {"to": ["pm@example.com"], "latestComments": 3}}"#,
        ])
        defer { fixture.remove() }
        let outbox = fixture.jobsDirectory + "/outbox"
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url,
                           "OUTBOX_DIR": outbox,
                           "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        let run = try fixture.run(["run", "snap", "--at", "2026-12-07T08:00"], extra: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let reports = try #require(try JSONParser.parse(try fixture.run(["reports", "--json"],
            extra: environment).stdout).arrayValue)
        let id = try #require(reports.first { $0["kind"] == .string("review-snapshot") }?["id"]?.intValue)
        let figures = try JSONParser.parse(try fixture.run(["reports", "show", "\(id)", "--format", "json"],
            extra: environment).stdout)
        #expect(figures["period_start"] == .string("2026-11-30T00:00:00-05:00"))
        #expect(figures["period_end"] == .string("2026-12-07T00:00:00-05:00"))
        #expect(figures["daily"]?.arrayValue?.count == 7)
        let markdown = try fixture.run(["reports", "show", "\(id)"], extra: environment).stdout
        // Every row has its sample size; last week's columns only when last week has data.
        let hasLastWeek = markdown.contains("| Criterion | Target | This week (95 % interval) | Sample | Last week | "
            + "Trend | Verdict |")
        let withoutLastWeek = markdown.contains("| Criterion | Target | This week (95 % interval) | Sample | Verdict |")
        #expect(hasLastWeek != withoutLastWeek, "\(markdown.prefix(1200))")
        #expect(withoutLastWeek == markdown.contains("so there is no last week to compare with"))
        #expect(markdown.contains("| n = "), "\(markdown.prefix(1200))")
        // The baseline window (30 Nov – 6 Dec) has ended but is the week itself: no comparison with itself.
        #expect(figures["vs_baseline"] == nil)
        #expect(figures["vs_baseline_note"]?.stringValue?.contains("baseline window itself") == true)
        #expect(markdown.contains("comparison with the baseline starts with next week"), "\(markdown.prefix(2000))")
        #expect(markdown.contains("Metrics review (10 min)"))
        let html = try fixture.run(["reports", "show", "\(id)", "--format", "html"], extra: environment).stdout
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"), "comments are escaped")
        #expect(!html.contains("<script>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.count == 1)
    }

    @Test func aWeekAfterTheBaselineIsComparedWithItCriterionByCriterion() throws {
        let fixture = try RunnerFixture("snapshot_vs", jobs: [
            "snap-vs": #"{"name": "snap-vs", "kind": "review-snapshot", "schedule": "0 8 * * MON", "#
                + #""timezone": "America/New_York"}"#,
        ])
        defer { fixture.remove() }
        // The baseline is the first of the two weeks: 23 – 29 Nov; the snapshot's week is 30 Nov – 6 Dec.
        try #"{"baseline": {"start": "2026-11-23", "days": 7, "timezone": "America/New_York"}}"#
            .write(toFile: fixture.jobsDirectory + "/program.json", atomically: true, encoding: .utf8)
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url,
                           "OUTBOX_DIR": fixture.jobsDirectory + "/outbox",
                               "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        let run = try fixture.run(["run", "snap-vs", "--at", "2026-12-07T08:00"], extra: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(1500))")
        let reports = try #require(try JSONParser.parse(try fixture.run(["reports", "--json"],
            extra: environment).stdout).arrayValue)
        let id = try #require(reports.first { $0["job"] == .string("snap-vs") }?["id"]?.intValue)
        let figures = try JSONParser.parse(try fixture.run(["reports", "show", "\(id)", "--format", "json"],
            extra: environment).stdout)
        let versus = try #require(figures["vs_baseline"]?.arrayValue)
        #expect(versus.count == 4)
        for entry in versus {
            let verdict = try #require(entry["verdict"]?.stringValue)
            guard let low = entry["ci_low"]?.doubleValue, let high = entry["ci_high"]?.doubleValue,
                  let difference = entry["difference"]?.doubleValue, let week = entry["week"]?.doubleValue,
                  let baseline = entry["baseline"]?.doubleValue else {
                #expect(verdict == "no_data", "\(entry)")
                continue
            }
            #expect(abs(difference - (week - baseline)) < 1e-6)
            #expect(low <= difference && difference <= high, "the difference lies in its interval: \(entry)")
            let higherIsBetter = entry["id"] != .string("latency-p95")
            let expected = low > 0 ? (higherIsBetter ? "improved" : "regressed")
                : high < 0 ? (higherIsBetter ? "regressed" : "improved")
                : "no_detectable_change"
            #expect(verdict == expected, "\(entry)")
        }
        let markdown = try fixture.run(["reports", "show", "\(id)"], extra: environment).stdout
        #expect(markdown.contains("| Criterion | Baseline | This week | Difference (95 % interval) | Verdict |"))
    }
}
