import Config
import CivilTime
import Foundation
import Program
import ZoneInfo
import JSON
import PlatformFigures
import Reports
import Statistics
import Testing

@Suite("Report figures (section 8.3)")
struct ReportFiguresTests {
    static let zone = try! ZoneDatabase.system.zone(named: "America/New_York")
    static let start = Date(timeIntervalSince1970: 1_796_014_800)  // 2026-11-30T00:00:00-05:00
    static let end = start.addingTimeInterval(7 * 86_400)

    static func program(hourlyRate: Double? = 85) throws -> ProgramDefinition {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prog-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let roi = hourlyRate.map { #", "roi": {"hourlyRate": \#($0)}"# } ?? ""
        try #"{"baseline": {"start": "2026-11-30", "timezone": "America/New_York"}\#(roi)}"#
            .write(toFile: directory + "/program.json", atomically: true, encoding: .utf8)
        return try JobCatalog.load(jobsDirectory: directory, templatesDirectory: directory, kinds: []).program
    }

    static func figures(tickets: Double?, failures: Double?, before: Double?, after: Double?, ratings: [Int] = [],
                        up: Int = 0, down: Int = 0) -> PeriodFigures {
        PeriodFigures(
            tickets: tickets, failures: failures,
            latencyBuckets: tickets == nil ? [] : [.init(upperBound: 10, count: 50), .init(upperBound: 30, count: 90),
                                                   .init(upperBound: 60, count: 100),
                                                   .init(upperBound: .infinity, count: 100)],
            resolutionBefore: before, resolutionAfter: after,
            feedback: .init(ratingCount: ratings.count, ratingSum: ratings.reduce(0, +),
                ratingSquares: ratings.map { $0 * $0 }.reduce(0, +),
                            thumbsUp: up, thumbsDown: down), keptSeconds: 7 * 86_400)
    }

    static let tenantA = ReportFigures.Tenant(id: UUID(uuidString: "00000000-0000-4000-8000-00000000000a")!,
        name: "Acme")
    static let tenantB = ReportFigures.Tenant(id: UUID(uuidString: "00000000-0000-4000-8000-00000000000b")!,
        name: "Globex")

    @Test func figuresFollowTheDefinitions() throws {
        let a = Self.figures(tickets: 700, failures: 14, before: 1800, after: 1260, ratings: [5, 4, 4, 3], up: 30,
                             down: 10)
        let b = Self.figures(tickets: 300, failures: 6, before: 1200, after: 900)
        let (ia, ib) = (Self.tenantA.id, Self.tenantB.id)
        let result = ReportFigures.build(program: try Self.program(), tenantID: nil, tenants: [Self.tenantA,
            Self.tenantB], start: Self.start,
                                         end: Self.end, window: [ia: a, ib: b],
                                         days: (0..<7).map { ReportFigures.Day(date: "d\($0)", perTenant: [ia: a,
                                             ib: b]) }, excluded: [])
        #expect(result["period_start"] == .string("2026-11-30T00:00:00-05:00"))
        #expect(result["tenant_id"] == .null)
        #expect(result["success_rate_pct"]?.doubleValue.map { abs($0 - 98.039216) < 1e-5 } == true)
        #expect(result["tickets_per_day"]?.doubleValue.map { abs($0 - 1000.0 / 7) < 1e-5 } == true)
        // Weighted by tickets: (700·1800 + 300·1200) / 1000 = 1620; after (700·1260 + 300·900) / 1000 = 1152.
        #expect(result["resolution_time_before_seconds"]?.doubleValue == 1620)
        #expect(result["resolution_time_after_seconds"]?.doubleValue == 1152)
        #expect(result["resolution_time_reduction_pct"]?.doubleValue.map { abs($0 - 28.888889) < 1e-5 } == true)
        #expect(result["roi_hours_saved"]?.doubleValue == 130)   // 1000 · 468 / 3600
        #expect(result["roi_value"]?.doubleValue == 11_050)      // 130 · 85
        #expect(result["avg_rating"]?.doubleValue == 4)
        #expect(result["positive_feedback_pct"]?.doubleValue == 75)
        #expect(result["latency_p95_seconds"]?.doubleValue == 45)
        let criteria = try #require(result["criteria"]?.arrayValue)
        #expect(criteria.count == 4)
        let met = Dictionary(uniqueKeysWithValues: criteria.map { ($0["metric"]!.stringValue!, $0["met"]!) })
        #expect(met["resolution_time_reduction_pct"] == .bool(true))
        #expect(met["avg_rating"] == .bool(false), "4.0 is not > 4.0")
        #expect(met["success_rate_pct"] == .bool(true))
        #expect(met["latency_p95_seconds"] == .bool(true))
        #expect(result["daily"]?.arrayValue?.count == 7)
        #expect(result["enhancements_finished"]?.doubleValue == 1020)
        #expect(result["requests_count"]?.doubleValue == 200)
        let basis = try #require(result["roi_basis"])
        #expect(basis["minutes_saved_per_ticket"]?.doubleValue == 7.8)   // (1620 − 1152) / 60
        #expect(basis["hourly_rate"]?.doubleValue == 85 && basis["currency"] == .string("USD"))
        let tenants = try #require(result["tenants"]?.arrayValue)
        #expect(tenants.map { $0["name"] } == [.string("Acme"), .string("Globex")])
        #expect(tenants[1]["tickets_enhanced"]?.doubleValue == 300)
        // Globex's own interval: Wilson for 300 of 306 (Python: 95.7889–99.0983 %), n = 306.
        let success = try #require(tenants[1]["intervals"]?["success_rate_pct"])
        #expect(success["n"]?.doubleValue == 306)
        #expect(success["ci_low"]?.doubleValue.map { abs($0 - 95.788905) < 1e-4 } == true, "\(success)")
        #expect(success["ci_high"]?.doubleValue.map { abs($0 - 99.098332) < 1e-4 } == true, "\(success)")
        let row = BaselineReportModel.tenantRow(tenants[1], criteria: result["criteria"]?.arrayValue ?? [])
        #expect(row["success"] == .string("98.0 % (95.8–99.1)"), "the table gives the tenant's value its interval")
        let ownSuccess = try #require(tenants[1]["criteria"]?.arrayValue?.first { $0["id"] == .string("success-rate") })
        #expect(ownSuccess["ci_low"] == success["ci_low"] && ownSuccess["n"] == success["n"])
    }

    @Test func everyCriterionCarriesItsSampleSizeIntervalAndVerdict() throws {
        // 980 of 1,000 successes: Wilson 96.9–98.7 %, above 95 % → met; ratings 4, 4, 4, 5, 3 against > 4:
        // inconclusive.
        let a = Self.figures(tickets: 980, failures: 20, before: 1800, after: 1260, ratings: [4, 4, 4, 5, 3])
        let id = Self.tenantA.id
        let result = ReportFigures.build(program: try Self.program(), tenantID: id, tenants: [Self.tenantA],
            start: Self.start, end: Self.end,
                                         window: [id: a], days: (0..<7).map { ReportFigures.Day(date: "d\($0)",
                                             perTenant: [id: a]) }, excluded: [])
        let criteria = Dictionary(uniqueKeysWithValues: try #require(result["criteria"]?.arrayValue)
            .map { ($0["metric"]!.stringValue!, $0) })
        let success = try #require(criteria["success_rate_pct"])
        let wilson = try #require(Interval.wilson(successes: 980, trials: 1000))
        #expect(success["n"]?.doubleValue == 1000 && success["unit"] == .string("%"))
        #expect(abs((success["ci_low"]?.doubleValue ?? 0) - wilson.low * 100) < 1e-4
            && abs((success["ci_high"]?.doubleValue ?? 0) - wilson.high * 100) < 1e-4)
        #expect(success["verdict"] == .string("met"))
        #expect(success["margin"]?.doubleValue.map { abs($0 - 3) < 1e-6 } == true)
        let rating = try #require(criteria["avg_rating"])
        #expect(rating["n"]?.doubleValue == 5 && rating["verdict"] == .string("inconclusive"), "\(rating)")
        #expect(rating["unit"] == .string("/ 5"))
        // The same research time every day: no day-to-day variation, so the interval is the value itself.
        let research = try #require(criteria["resolution_time_reduction_pct"])
        #expect(research["n"]?.doubleValue == 7 && research["verdict"] == .string("met"), "\(research)")
        #expect(result["tenants"] == nil, "a per-tenant report has no tenants table")
    }

    @Test func missingDataIsNullNotZero() throws {
        let empty = Self.figures(tickets: nil, failures: nil, before: nil, after: nil)
        let result = ReportFigures.build(program: try Self.program(hourlyRate: nil), tenantID: Self.tenantA.id,
            tenants: [Self.tenantA],
                                         start: Self.start, end: Self.end, window: [Self.tenantA.id: empty], days: [],
                                             excluded: [])
        for key in ["success_rate_pct", "latency_p95_seconds", "tickets_enhanced", "avg_rating", "rating_count",
                    "positive_feedback_pct",
                    "resolution_time_reduction_pct", "roi_hours_saved", "roi_value"] {
            #expect(result[key] == .null, "\(key)")
        }
        #expect(result["criteria"]?.arrayValue?.allSatisfy {
            $0["met"] == .null && $0["actual"] == .null && $0["verdict"] == .string("no_data") && $0["ci_low"] == .null
        } == true)
    }

    @Test func exclusionsAreListedWithTheirReasons() throws {
        let window = ReportFigures.ExcludedWindow(kind: "scrape_gap", start: Self.start.addingTimeInterval(3600),
                                                  end: Self.start.addingTimeInterval(5400),
                                                  reason: "data-integrity anomaly: excluded by default")
        let figures = Self.figures(tickets: 10, failures: 0, before: nil, after: nil)
        let result = ReportFigures.build(program: try Self.program(), tenantID: nil, tenants: [Self.tenantA],
            start: Self.start, end: Self.end,
                                         window: [Self.tenantA.id: figures], days: [], excluded: [window])
        let listed = try #require(result["excluded_windows"]?.arrayValue?.first)
        #expect(listed["kind"] == .string("scrape_gap"))
        #expect(listed["start"] == .string("2026-11-30T01:00:00-05:00"))
        #expect(listed["reason"] == .string("data-integrity anomaly: excluded by default"))
    }
}

@Suite("Period data sliced in memory")
struct PeriodDataTests {
    static let tenant = UUID(uuidString: "00000000-0000-4000-8000-00000000000a")!
    static let start = Date(timeIntervalSince1970: 1_796_014_800)

    /// One day of 5-minute increases (2 successes, no failures each), then a day with no samples at all.
    static func data() -> PeriodData {
        var data = PeriodData(step: 300)
        var success: [Date: Double] = [:], failure: [Date: Double] = [:]
        for k in 1...288 {
            success[start.addingTimeInterval(Double(k * 300))] = 2
            failure[start.addingTimeInterval(Double(k * 300))] = 0
        }
        data.statusIncreases[tenant] = ["success": success, "failure": failure]
        return data
    }

    @Test func aSliceWithoutSamplesIsNoDataNotZero() {
        let data = Self.data()
        let first = data.figures(tenants: [Self.tenant], start: Self.start, end: Self.start.addingTimeInterval(86_400))
        #expect(first.tickets == 576 && first.failures == 0)
        let second = data.figures(tenants: [Self.tenant], start: Self.start.addingTimeInterval(86_400),
            end: Self.start.addingTimeInterval(2 * 86_400))
        #expect(second.tickets == nil && second.failures == nil, "a day Prometheus has nothing for is null")
        let excluded = data.figures(tenants: [Self.tenant], start: Self.start,
            end: Self.start.addingTimeInterval(86_400),
                                    excluded: [(Self.start, Self.start.addingTimeInterval(3600))])
        #expect(excluded.tickets.map { abs($0 - 552) < 1e-9 } == true,
            "an excluded hour leaves out its twelve intervals: \(String(describing: excluded.tickets))")
    }

    @Test func aPeriodTotalGetsTheIntervalOfATotalNotOfADailyMean() throws {
        // Seven days of 100, 120, 110, 90, 105, 95, 115 tickets: total 735; s = 10.8, t(0.975, 6) = 2.447.
        let daily = [100.0, 120, 110, 90, 105, 95, 115]
        let total = try #require(Interval.daySeries(735, daily: daily, additive: true))
        let mean = try #require(Interval.daySeries(105, daily: daily))
        #expect(abs(total.halfWidth - 7 * mean.halfWidth) < 1e-9)
        #expect(abs(mean.halfWidth - 2.446912 * 10.801234 / 7.0.squareRoot()) < 1e-4, "\(mean)")
    }

    @Test func aQuantileIntervalFromAFewRequestsInTheFirstBucketIsANumber() throws {
        let buckets = [HistogramQuantile.Bucket(upperBound: 1, count: 0), .init(upperBound: 10, count: 3),
            .init(upperBound: .infinity, count: 3)]
        let interval = try #require(Interval.histogramQuantile(0.5, buckets))
        #expect(interval.low.isFinite && interval.high.isFinite, "\(interval)")
    }
}
