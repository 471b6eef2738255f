import Foundation
import Prometheus
import Testing
import TestSupport

/// Against a real Prometheus loaded with one day of data at a 15 s interval.
@Suite("Prometheus client")
struct PrometheusClientTests {
    static let start = 1_764_547_200  // 2025-12-01T00:00:00Z
    static let end = start + 86_400

    /// `up` for two targets (the second down for an hour) and a counter growing by 2 per scrape.
    static func openMetrics() -> String {
        var lines = ["# TYPE up gauge"]
        for target in ["api", "worker"] {
            for t in stride(from: start, through: end, by: 15) {
                if target == "worker" && (start + 3600...start + 7200).contains(t) { continue }
                lines.append("up{job=\"\(target)\"} 1 \(t)")
            }
        }
        lines.append("# TYPE enhancement_success_rate counter")
        for t in stride(from: start, through: end, by: 15) {
            lines.append("enhancement_success_rate_total{tenant_id=\"a\",status=\"success\"} \((t - start) / 15 * 2) "
                + "\(t)")
        }
        lines.append("# EOF")
        return lines.joined(separator: "\n") + "\n"
    }

    static let prometheus: TemporaryPrometheus = try! TemporaryPrometheus(openMetrics: openMetrics())

    @Test func instantQueryReturnsLabelsAndValues() async throws {
        let client = PrometheusClient(baseURL: Self.prometheus.url)
        let result = try await client.query("up", at: Date(timeIntervalSince1970: TimeInterval(Self.start + 600)))
        #expect(Set(result.map { $0.labels["job"] ?? "" }) == ["api", "worker"])
        #expect(result.allSatisfy { $0.samples.first?.value == 1 })
    }

    @Test func plusSignsInQueriesAreEncoded() async throws {
        let client = PrometheusClient(baseURL: Self.prometheus.url)
        let result = try await client.query("sum(up) + 1",
                                            at: Date(timeIntervalSince1970: TimeInterval(Self.start + 600)))
        #expect(result.first?.samples.first?.value == 3)
    }

    @Test func longRangesAreSplitUnderThePointLimitAndMerged() async throws {
        let client = PrometheusClient(baseURL: Self.prometheus.url)
        // 86,400 s at a 5 s step is 17,281 points: more than one request may carry.
        let series = try await client.queryRange("up{job=\"api\"}",
                                                 start: Date(timeIntervalSince1970: TimeInterval(Self.start)),
                                                 end: Date(timeIntervalSince1970: TimeInterval(Self.end)), step: 5)
        #expect(series.count == 1)
        let times = series[0].samples.map { Int($0.time.timeIntervalSince1970) }
        #expect(times.count == 17_281)
        #expect(times == Array(stride(from: Self.start, through: Self.end, by: 5)),
                "no gaps or duplicates at the seams")
    }

    @Test func counterIncreasesAndGapsAreVisible() async throws {
        let client = PrometheusClient(baseURL: Self.prometheus.url)
        let increase = try await client.query("increase(enhancement_success_rate_total[1h])",
                                              at: Date(timeIntervalSince1970: TimeInterval(Self.start + 7200)))
        #expect(abs((increase.first?.samples.first?.value ?? 0) - 480) < 1)
        let gap = try await client.queryRange("up{job=\"worker\"}",
                                              start: Date(timeIntervalSince1970: TimeInterval(Self.start + 3000)),
                                              end: Date(timeIntervalSince1970: TimeInterval(Self.start + 8000)),
                                              step: 60)
        let times = gap.first?.samples.map { Int($0.time.timeIntervalSince1970) } ?? []
        #expect(!times.contains(Self.start + 5400), "no samples in the middle of the outage")
    }

    @Test func nonFiniteValuesAreRead() async throws {
        let client = PrometheusClient(baseURL: Self.prometheus.url)
        let result = try await client.query("sum(up) / 0",
                                            at: Date(timeIntervalSince1970: TimeInterval(Self.start + 600)))
        #expect(result.first?.samples.first?.value == .infinity)
        let nan = try await client.query("0 / 0", at: Date(timeIntervalSince1970: TimeInterval(Self.start + 600)))
        #expect(nan.first?.samples.first?.value.isNaN == true)
    }

    @Test func badQueryIsRejectedWithPrometheusMessage() async throws {
        let client = PrometheusClient(baseURL: Self.prometheus.url)
        let error = await #expect(throws: PrometheusError.self) { try await client.query("sum(up", at: Date()) }
        #expect(error?.kind == .rejected)
        #expect(error?.description.contains("bad_data") == true)
        #expect(error?.description.contains("sum(up") == true)
    }

    @Test func unreachablePrometheusIsAnErrorNotACrash() async throws {
        let client = PrometheusClient(baseURL: "http://127.0.0.1:\(TemporaryPostgresServer.freePort())", timeout: 3)
        let error = await #expect(throws: PrometheusError.self) { try await client.query("up", at: Date()) }
        #expect(error?.kind == .unreachable)
    }
}

/// A Prometheus that misbehaves: the client fails with a clear error, bounded in memory and time.
@Suite("Prometheus that misbehaves")
struct MisbehavingPrometheusTests {
    @Test func validJSONOfTheWrongShapeIsMalformedNotMadeUpSeries() async throws {
        let server = try FaultyHTTPServer(mode: "shape")
        let error = await #expect(throws: PrometheusError.self) {
            try await PrometheusClient(baseURL: server.url).query("up", at: Date())
        }
        #expect(error?.kind == .malformed, "\(String(describing: error))")
        #expect("\(String(describing: error))".contains("metric"))
    }

    @Test func aHugeResponseIsRefusedAtTheLimit() async throws {
        // A 2 MB limit against a 200 MB stream: the transfer stops at the limit (the default is 64 MB).
        let server = try FaultyHTTPServer(mode: "huge")
        let error = await #expect(throws: PrometheusError.self) {
            try await PrometheusClient(baseURL: server.url, responseLimit: 2 << 20).query("up", at: Date())
        }
        #expect("\(String(describing: error))".contains("larger than 2 MB"), "\(String(describing: error))")
    }

    @Test func cancellingTheTaskAbortsATransferTheServerNeverAnswers() async throws {
        let server = try FaultyHTTPServer(mode: "hang")
        let client = PrometheusClient(baseURL: server.url, timeout: 120)
        let task = Task { try await client.query("up", at: Date()) }
        try await Task.sleep(for: .milliseconds(500))
        let started = Date()
        task.cancel()
        await #expect(throws: (any Error).self) { try await task.value }
        // Bounds loose enough for a loaded 2-core machine, far below the 120 s the transfer would otherwise take.
        #expect(Date().timeIntervalSince(started) < 30, "aborted promptly, not after the 120 s timeout")
    }
}
