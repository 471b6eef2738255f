import Foundation
import JSON
import Postgres
import Testing
import TestSupport

/// The data-quality job against a real Prometheus and PostgreSQL loaded with synthetic data in which
/// anomalies were planted at known times (2026-12-02 is a Wednesday; New York is UTC−5).
@Suite("data-quality job", .serialized)
struct DataQualityJobTests {
    static let platform = try! SyntheticPlatform(seed: 5, tenants: 2, days: 2, end: "2026-12-03", arguments: [
        "--plant", "scrape_gap@2026-12-02T17:00+40",
        "--plant", "success_rate_drop@2026-12-02T16:00+60:0",
        "--plant", "latency_breach@2026-12-02T19:00+60:1",
        "--plant", "frozen_series@2026-12-02T06:00+420",
        "--plant", "feedback_gap@2026-12-02T15:00+1:1",
        "--plant", "stale_series@2026-12-02T21:00+30:0",
    ])

    static func fixture(_ label: String, params: String = #"{"to": ["ops@example.com"]}"#) throws -> RunnerFixture {
        let fixture = try RunnerFixture(label, jobs: [
            "dq": #"{"name": "dq", "kind": "data-quality", "schedule": "30 6 * * *", "timezone": "#
                + #""America/New_York", "params": \#(params)}"#,
        ])
        // The platform's tables live in the synthetic database: run against it, with the runner schema there too.
        return fixture
    }

    @Test func plantedAnomaliesAreFoundWithTheRightKindAndWindowAndARerunAddsNone() throws {
        let fixture = try Self.fixture("dqjob",
                params: #"{"to": ["ops@example.com"], "requiredSeries": ["platform_build_info"]}"#)
        defer { fixture.remove() }
        let outbox = fixture.jobsDirectory + "/outbox"
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url,
                           "OUTBOX_DIR": outbox, "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        let first = try fixture.run(["run", "dq", "--at", "2026-12-03T06:30"], extra: environment)
        #expect(first.status == 0, "\(first.stderr.suffix(3000))")
        let listing = try fixture.run(["anomalies", "--json"], extra: environment)
        #expect(listing.status == 0, "\(listing.stderr)")
        let anomalies = try #require(try JSONParser.parse(listing.stdout).arrayValue)
        func find(_ kind: String) -> [JSONValue] { anomalies.filter { $0["kind"]?.stringValue == kind } }
        func overlaps(_ anomaly: JSONValue, _ start: String, _ end: String) -> Bool {
            guard let from = anomaly["window_start"]?.stringValue, let to = anomaly["window_end"]?.stringValue,
                  let a = ISO8601DateFormatter().date(from: from), let b = ISO8601DateFormatter().date(from: to),
                  let s = ISO8601DateFormatter().date(from: start),
                  let e = ISO8601DateFormatter().date(from: end) else { return false }
            return a < e && s < b
        }
        let tenants = Self.platform.manifest["tenants"]!.arrayValue!.map { $0["id"]!.stringValue! }

        let gaps = find("scrape_gap")
        #expect(gaps.count == 2, "api and worker: \(gaps)")
        #expect(gaps.allSatisfy { overlaps($0, "2026-12-02T17:00:00Z",
                                           "2026-12-02T17:40:00Z") && $0["severity"] == .string("fail") })
        #expect(gaps.allSatisfy { $0["excluded"] == .bool(true) }, "data-integrity anomalies are excluded by default")

        let drops = find("success_rate_drop").filter { $0["tenant_id"]?.stringValue == tenants[0] }
        #expect(drops.contains { overlaps($0, "2026-12-02T16:00:00Z", "2026-12-02T17:00:00Z") },
                "\(find("success_rate_drop"))")
        #expect(drops.allSatisfy { $0["excluded"] == .bool(false) }, "performance anomalies stay in the figures")

        let breaches = find("latency_breach").filter { $0["tenant_id"]?.stringValue == tenants[1] }
        #expect(breaches.contains { overlaps($0, "2026-12-02T19:00:00Z", "2026-12-02T20:00:00Z") },
                "\(find("latency_breach"))")
        #expect(find("latency_breach").allSatisfy { $0["tenant_id"]?.stringValue != tenants[0] },
                "tenant 0 had no slow hour")

        #expect(!find("frozen_series").isEmpty)
        #expect(find("frozen_series").allSatisfy { overlaps($0, "2026-12-02T06:00:00Z", "2026-12-02T13:00:00Z") })
        #expect(find("feedback_gap").map { $0["tenant_id"]?.stringValue } == [tenants[1]])
        let stale = find("stale_series").filter { $0["tenant_id"]?.stringValue == tenants[0] }
        #expect(stale.contains { overlaps($0, "2026-12-02T21:00:00Z", "2026-12-02T21:30:00Z") },
                "\(find("stale_series"))")
        #expect(find("stale_series").allSatisfy { overlaps($0, "2026-12-02T17:00:00Z", "2026-12-02T21:30:00Z") },
                "only the planted silences (and the scrape gap) are stale")

        #expect(find("stale_series").contains { $0["metric"] == .string("platform_build_info")
            && $0["message"]?.stringValue?.contains("no samples") == true },
                "a required series that never reported is stale all day")

        let id = try #require(drops.first?["id"]?.intValue)
        #expect(try fixture.run(["anomalies", "exclude", "\(id)"], extra: environment).status == 2,
                "a reason is required")
        #expect(try fixture.run(["anomalies", "exclude", "\(id)", "--reason", "deploy of 16:00, rolled back"],
                                extra: environment).status == 0)
        let excluded = try #require(try JSONParser.parse(try fixture.run(["anomalies", "--json"],
                extra: environment).stdout).arrayValue?
            .first { $0["id"]?.intValue == id })
        #expect(excluded["excluded"] == .bool(true))
        #expect(excluded["exclusion_reason"] == .string("deploy of 16:00, rolled back"))
        #expect(try fixture.run(["anomalies", "include", "\(id)"], extra: environment).status == 0)
        #expect(try fixture.run(["anomalies", "include", "999999"], extra: environment).status == 1)

        let outboxFiles = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
        #expect(outboxFiles.count == 1, "one alert for the new failures")

        let again = try fixture.run(["run", "dq", "--at", "2026-12-03T06:30", "--force"], extra: environment)
        #expect(again.status == 0)
        let relisted = try #require(try JSONParser.parse(try fixture.run(["anomalies", "--json"],
                extra: environment).stdout).arrayValue)
        #expect(relisted.count == anomalies.count,
                "a re-run adds no anomaly: \(relisted.filter { !anomalies.contains($0) }.map { $0.jsonText })")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.count == 1,
                "and mails nothing new")
    }

    @Test func aCleanDayHasNoFailLevelAnomaly() throws {
        let fixture = try Self.fixture("dqclean")
        defer { fixture.remove() }
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url,
                           "OUTBOX_DIR": fixture.jobsDirectory + "/outbox",
                           "TEMPLATES_DIR": RunnerBinary.packageRoot + "/Templates"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        #expect(try fixture.run(["run", "dq", "--at", "2026-12-02T06:30"], extra: environment).status == 0)
        let listing = try #require(try JSONParser.parse(try fixture.run(["anomalies", "--json", "--since",
                "2026-12-01T00:00:00-05:00"],
                                                                          extra: environment).stdout).arrayValue)
        let failing = listing.filter {
            $0["severity"] == .string("fail") && ($0["window_end"]?.stringValue ?? "") <= "2026-12-02T05:00:00Z"
        }
        #expect(failing.isEmpty, "\(failing)")
    }

    @Test func stoppedPrometheusFailsTheRunAsSourceUnavailable() throws {
        let fixture = try Self.fixture("dqdown")
        defer { fixture.remove() }
        let environment = ["DATABASE_URL": Self.platform.databaseURL,
                           "PROMETHEUS_URL": "http://127.0.0.1:\(TemporaryPostgresServer.freePort())",
                           "OUTBOX_DIR": fixture.jobsDirectory + "/outbox"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        let output = try fixture.run(["run", "dq", "--at", "2026-12-03T06:30", "--force"], extra: environment)
        #expect(output.status == 1)
        let listing = try #require(try JSONParser.parse(try fixture.run(["anomalies", "--json"],
                extra: environment).stdout).arrayValue)
        #expect(listing.contains { $0["kind"] == .string("source_unavailable") })
    }
}

/// Checks against comparable trailing days: 10 synthetic days (Mon 2026-11-30 to Wed 2026-12-09, one
/// sample a minute), a volume drop planted on the last day for tenant 0.
@Suite("data-quality job against trailing days")
struct DataQualityTrailingTests {
    static let platform = try! SyntheticPlatform(seed: 9, tenants: 2, days: 10, end: "2026-12-10", arguments: [
        "--interval", "60", "--plant", "volume_drop@2026-12-09T15:00+1:0",
    ])

    @Test func volumeDropAndOutlierAreFoundAgainstComparableDaysComputedFromTheSources() throws {
        let fixture = try RunnerFixture("dqtrailing", jobs: [
            "dq": #"{"name": "dq", "kind": "data-quality", "schedule": "30 6 * * *", "timezone": "America/New_York"}"#,
        ])
        defer { fixture.remove() }
        try #"{"baseline": {"start": "2026-11-30", "timezone": "America/New_York"}, "scrapeInterval": "60s"}"#
            .write(toFile: fixture.jobsDirectory + "/program.json", atomically: true, encoding: .utf8)
        let environment = ["DATABASE_URL": Self.platform.databaseURL, "PROMETHEUS_URL": Self.platform.prometheus.url,
                           "OUTBOX_DIR": fixture.jobsDirectory + "/outbox"]
        #expect(try fixture.run(["migrate"], extra: environment).status == 0)
        let run = try fixture.run(["run", "dq", "--at", "2026-12-10T06:30"], extra: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let anomalies = try #require(try JSONParser.parse(try fixture.run(["anomalies", "--json"],
                extra: environment).stdout).arrayValue)
        let tenant0 = Self.platform.manifest["tenants"]!.arrayValue![0]["id"]!.stringValue!
        let drops = anomalies.filter { $0["kind"] == .string("volume_drop") }
        #expect(drops.map { $0["tenant_id"]?.stringValue } == [tenant0], "\(anomalies.map { $0.jsonText })")
        #expect(drops.first?["window_start"] == .string("2026-12-09T05:00:00+00:00"))
        #expect(anomalies.contains { $0["kind"] == .string("outlier") && $0["metric"] == .string("tickets")
            && $0["tenant_id"]?.stringValue == tenant0 })
        let database = try PostgresConnection(Self.platform.databaseURL)
        func status(_ kind: String, tenant: String?) throws -> String? {
            try database.query("""
                SELECT status FROM baseline_runner.check_results
                WHERE day = '2026-12-09' AND check_kind = $1 AND tenant_id IS NOT DISTINCT FROM $2::uuid
                """, [kind, tenant]).first?.decode("status")
        }
        #expect(try status("volume_drop", tenant: tenant0) == "fail")
        #expect(try status("volume_drop", tenant: nil) == "pass",
                "overall volume fell by less than half; evaluated against computed days")
        let stored = try database.query("SELECT count(DISTINCT day) AS n FROM "
            + "baseline_runner.daily_figures").first!.decode("n", as: Int.self)
        #expect(stored >= 8, "trailing days were computed from the sources and stored")
    }
}
