import Foundation
import JSON
import Postgres
import Testing
import TestSupport

@Suite("review-snapshot job")
struct ReviewSnapshotJobTests {
    /// Two weeks, Mon 2026-11-23 to Sun 2026-12-06, one sample a minute.
    static let platform = try! SyntheticPlatform(seed: 44, tenants: 2, days: 14, end: "2026-12-07", arguments: ["--interval", "60"])

    @Test func snapshotComparesTheWeeksAndEscapesComments() throws {
        let tenant = Self.platform.manifest["tenants"]!.arrayValue![0]["id"]!.stringValue!
        let admin = try PostgresConnection(TestServices.adminURL(forScratch: Self.platform.databaseURL))
        try admin.query("""
            INSERT INTO enhancement_feedback (tenant_id, ticket_id, feedback_type, rating_value, feedback_comment, created_at)
            VALUES ($1, 'T-x', 'rating', 2, '<script>alert(1)</script> & "quotes"', '2026-12-07 04:59:59.999')
            """, [tenant])
        let fixture = try RunnerFixture("snapshot", jobs: [
            "snap": #"{"name": "snap", "kind": "review-snapshot", "schedule": "0 8 * * MON", "timezone": "America/New_York", "params": {"to": ["pm@example.com"], "latestComments": 3}}"#,
        ])
        defer { fixture.remove() }
        let outbox = fixture.jobsDirectory + "/outbox"
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url, "OUTBOX_DIR": outbox,
                           "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        let run = try fixture.run(["run", "snap", "--at", "2026-12-07T08:00"], extra: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let reports = try #require(try JSONParser.parse(try fixture.run(["reports", "--json"], extra: environment).stdout).arrayValue)
        let id = try #require(reports.first { $0["kind"] == .string("review-snapshot") }?["id"]?.intValue)
        let figures = try JSONParser.parse(try fixture.run(["reports", "show", "\(id)", "--format", "json"], extra: environment).stdout)
        #expect(figures["period_start"] == .string("2026-11-30T00:00:00-05:00"))
        #expect(figures["period_end"] == .string("2026-12-07T00:00:00-05:00"))
        #expect(figures["daily"]?.arrayValue?.count == 7)
        let markdown = try fixture.run(["reports", "show", "\(id)"], extra: environment).stdout
        #expect(markdown.contains("| Criterion | Target | This week (95 % interval) | Last week | Trend | Verdict |"), "\(markdown.prefix(1200))")
        // The baseline window (30 Nov – 6 Dec) has ended and is the week itself: every difference is zero,
        // so nothing is called improved or regressed.
        let versus = try #require(figures["vs_baseline"]?.arrayValue)
        #expect(versus.count == figures["criteria"]?.arrayValue?.count)
        for entry in versus where entry["verdict"] != .string("no_data") {
            #expect(entry["verdict"] == .string("no_detectable_change"), "\(entry)")
            #expect(entry["difference"]?.doubleValue == 0, "\(entry)")
        }
        #expect(markdown.contains("## Against the baseline"))
        #expect(markdown.contains("Metrics review (10 min)"))
        let html = try fixture.run(["reports", "show", "\(id)", "--format", "html"], extra: environment).stdout
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"), "comments are escaped")
        #expect(!html.contains("<script>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.count == 1)
    }
}
