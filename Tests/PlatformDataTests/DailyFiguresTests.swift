import CivilTime
import Foundation
import ZoneInfo
import JSON
import PlatformData
import Postgres
import Prometheus
import Testing
import TestSupport

/// Daily figures computed from a real Prometheus and PostgreSQL, compared with the generator's own
/// counts (an independent computation from the same events).
@Suite("Daily figures from the platform's sources")
struct DailyFiguresTests {
    static let platform = try! SyntheticPlatform(seed: 11, tenants: 2, days: 2, end: "2026-12-03")

    static func source() -> DailyFigureSource {
        DailyFigureSource(prometheus: PrometheusClient(baseURL: platform.prometheus.url),
                          platform: PlatformDatabase(database: Database(platform.databaseURL)), queries: [:])
    }

    static func dayBounds(_ day: String) -> (Date, Date) {
        let zone = TimeZone(identifier: Self.platform.manifest["zone"]!.stringValue!)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = day.split(separator: "-").map { Int($0)! }
        let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        return (start, calendar.date(byAdding: .day, value: 1, to: start)!)
    }

    @Test func tenantsComeFromTheRegistry() async throws {
        let tenants = try await PlatformDatabase(database: Database(Self.platform.databaseURL)).tenants()
        let expected = Set(Self.platform.manifest["tenants"]!.arrayValue!.compactMap { $0["id"]?.stringValue })
        #expect(Set(tenants.map { $0.id.uuidString.lowercased() }) == expected)
    }

    @Test func dailyFiguresMatchTheGeneratorWithinOnePercent() async throws {
        let source = Self.source()
        var checked = 0
        for tenant in Self.platform.manifest["tenants"]!.arrayValue! {
            let id = tenant["id"]!.stringValue!
            for member in Self.platform.manifest["daily"]![id]!.objectValue! {
                let truth = member.value
                let (start, end) = Self.dayBounds(member.key)
                let figures = try await source.figures(tenant: UUID(uuidString: id)!, start: start, end: end)
                let tickets = try #require(figures.tickets)
                let expectedTickets = truth["tickets"]!.doubleValue!
                #expect(abs(tickets - expectedTickets) <= expectedTickets * 0.01,
                        "\(id) \(member.key): \(tickets) vs \(expectedTickets)")
                let rate = try #require(figures.successRatePct)
                #expect(abs(rate - truth["success_rate_pct"]!.doubleValue!) < 1, "\(member.key)")
                #expect(figures.feedback.ratingCount == truth["rating_count"]!.intValue,
                        "feedback is exact and tenant-scoped")
                #expect(figures.feedback.thumbsUp == truth["thumbs_up"]!.intValue)
                #expect(figures.feedback.thumbsDown == truth["thumbs_down"]!.intValue)
                if let average = truth["avg_rating"]?.doubleValue {
                    #expect(abs((figures.feedback.averageRating ?? 0) - average) < 1e-9)
                }
                let p95 = try #require(figures.latencyP95)
                #expect(p95 > 20 && p95 < 60, "normal days have p95 well under 60 s: \(p95)")
                #expect((figures.latencyP50 ?? 0) < p95 && p95 <= (figures.latencyP99 ?? 0))
                checked += 1
            }
        }
        #expect(checked == 4)
    }

    @Test func aTenantWithNoDataHasNullFiguresNotZeros() async throws {
        let (start, end) = Self.dayBounds("2026-12-01")
        let figures = try await Self.source().figures(tenant: UUID(), start: start, end: end)
        #expect(figures.tickets == nil)
        #expect(figures.successRatePct == nil)
        #expect(figures.latencyP95 == nil)
        #expect(figures.feedback.averageRating == nil)
    }
}
