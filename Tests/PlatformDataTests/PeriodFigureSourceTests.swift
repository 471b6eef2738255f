import Foundation
import JSON
import PlatformData
import Postgres
import Prometheus
import Statistics
import Testing
import TestSupport

/// Period figures from a real Prometheus: exclusions remove intervals before summing increases.
@Suite("Period figures with excluded windows")
struct PeriodFigureSourceTests {
    static let platform = try! SyntheticPlatform(seed: 21, tenants: 2, days: 2, end: "2026-12-03", arguments: [
        "--plant", "latency_breach@2026-12-02T18:00+60:0",
    ])

    static func source() -> PeriodFigureSource {
        PeriodFigureSource(prometheus: PrometheusClient(baseURL: platform.prometheus.url),
                           platform: PlatformDatabase(database: Database(platform.databaseURL)), queries: [:])
    }

    static let start = Date(timeIntervalSince1970: 1_796_101_200)  // 2026-12-01T00:00:00-05:00
    static let end = start.addingTimeInterval(2 * 86_400)

    @Test func ticketsOverThePeriodMatchTheGeneratorWithinOnePercent() async throws {
        let tenants = Self.platform.manifest["tenants"]!.arrayValue!.map { UUID(uuidString: $0["id"]!.stringValue!)! }
        let figures = try await Self.source().figures(tenant: nil, tenants: tenants, start: Self.start, end: Self.end,
                                                      excluded: [])
        var expected = 0.0
        var ratings = 0
        for tenant in tenants {
            for day in Self.platform.manifest["daily"]![tenant.uuidString.lowercased()]!.objectValue! {
                expected += day.value["tickets"]!.doubleValue!
                ratings += day.value["rating_count"]!.intValue!
            }
        }
        let tickets = try #require(figures.tickets)
        #expect(abs(tickets - expected) <= expected * 0.01, "\(tickets) vs \(expected)")
        #expect(figures.feedback.ratingCount == ratings)
        #expect(figures.keptSeconds == 2 * 86_400)
    }

    @Test func excludingTheSlowHourLowersP95AndKeepsTheRest() async throws {
        let tenant = UUID(uuidString: Self.platform.manifest["tenants"]!.arrayValue![0]["id"]!.stringValue!)!
        let breach = (Date(timeIntervalSince1970: 1_796_234_400),
                      Date(timeIntervalSince1970: 1_796_238_000))  // 2026-12-02 18:00-19:00Z
        let all = try await Self.source().figures(tenant: tenant, tenants: [tenant], start: Self.start, end: Self.end,
                                                  excluded: [])
        let kept = try await Self.source().figures(tenant: tenant, tenants: [tenant], start: Self.start, end: Self.end,
                                                   excluded: [breach])
        let p99All = try #require(HistogramQuantile.quantile(0.99, all.latencyBuckets))
        let p99Kept = try #require(HistogramQuantile.quantile(0.99, kept.latencyBuckets))
        #expect(p99Kept < p99All, "the slow hour's observations are gone: \(p99Kept) vs \(p99All)")
        #expect(kept.keptSeconds == 2 * 86_400 - 3600)
        #expect((kept.tickets ?? 0) < (all.tickets ?? 0))
        #expect((kept.tickets ?? 0) > (all.tickets ?? 0) * 0.9)
    }
}
