import Config
import CivilTime
import Foundation
import ZoneInfo
import JSON
import PlatformData
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
        return try JobCatalog.load(jobsDirectory: directory, templatesDirectory: directory).program
    }

    static func figures(tickets: Double?, failures: Double?, before: Double?, after: Double?, ratings: [Int] = [], up: Int = 0, down: Int = 0) -> PeriodFigureSource.Figures {
        PeriodFigureSource.Figures(
            tickets: tickets, failures: failures,
            latencyBuckets: tickets == nil ? [] : [.init(upperBound: 10, count: 50), .init(upperBound: 30, count: 90), .init(upperBound: 60, count: 100),
                                                   .init(upperBound: .infinity, count: 100)],
            resolutionBefore: before, resolutionAfter: after,
            feedback: .init(ratingCount: ratings.count, ratingSum: ratings.reduce(0, +), thumbsUp: up, thumbsDown: down), keptSeconds: 7 * 86_400)
    }

    @Test func figuresFollowTheDefinitions() throws {
        let a = Self.figures(tickets: 700, failures: 14, before: 1800, after: 1260, ratings: [5, 4, 4, 3], up: 30, down: 10)
        let b = Self.figures(tickets: 300, failures: 6, before: 1200, after: 900)
        let total = Self.figures(tickets: 1000, failures: 20, before: nil, after: nil, ratings: [5, 4, 4, 3], up: 30, down: 10)
        let result = ReportFigures.build(program: try Self.program(), tenantID: nil, start: Self.start, end: Self.end, total: total,
                                         perTenant: [a, b], days: (0..<7).map { ReportFigures.Day(date: "d\($0)", figures: a) }, excluded: [])
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
    }

    @Test func missingDataIsNullNotZero() throws {
        let empty = Self.figures(tickets: nil, failures: nil, before: nil, after: nil)
        let result = ReportFigures.build(program: try Self.program(hourlyRate: nil), tenantID: UUID(), start: Self.start, end: Self.end,
                                         total: empty, perTenant: [empty], days: [], excluded: [])
        for key in ["success_rate_pct", "latency_p95_seconds", "tickets_enhanced", "avg_rating", "rating_count", "positive_feedback_pct",
                    "resolution_time_reduction_pct", "roi_hours_saved", "roi_value"] {
            #expect(result[key] == .null, "\(key)")
        }
        #expect(result["criteria"]?.arrayValue?.allSatisfy { $0["met"] == .null && $0["actual"] == .null } == true)
    }

    @Test func exclusionsAreListedWithTheirReasons() throws {
        let window = ReportFigures.ExcludedWindow(kind: "scrape_gap", start: Self.start.addingTimeInterval(3600),
                                                  end: Self.start.addingTimeInterval(5400), reason: "data-integrity anomaly: excluded by default")
        let figures = Self.figures(tickets: 10, failures: 0, before: nil, after: nil)
        let result = ReportFigures.build(program: try Self.program(), tenantID: nil, start: Self.start, end: Self.end, total: figures,
                                         perTenant: [figures], days: [], excluded: [window])
        let listed = try #require(result["excluded_windows"]?.arrayValue?.first)
        #expect(listed["kind"] == .string("scrape_gap"))
        #expect(listed["start"] == .string("2026-11-30T01:00:00-05:00"))
        #expect(listed["reason"] == .string("data-integrity anomaly: excluded by default"))
    }
}
