import DataQuality
import Foundation
import Statistics
import Testing

@Suite("Data-quality checks")
struct ChecksTests {
    static let day = Date(timeIntervalSince1970: 1_796_187_600)  // a local midnight
    static let end = day.addingTimeInterval(86_400)
    static let t = DataQualityThresholds()

    static func every(_ step: Double, from: Double = 0, to: Double = 86_400,
                      skipping: ClosedRange<Double>? = nil) -> [Date] {
        stride(from: from, to: to, by: step).filter { skipping?.contains($0) != true }
            .map { day.addingTimeInterval($0) }
    }

    @Test func cleanScrapesHaveNoGap() {
        #expect(Checks.scrapeGaps(target: "api", times: Self.every(15), start: Self.day, end: Self.end, Self.t).isEmpty)
    }

    @Test func aGapOfFourIntervalsWarnsAndHalfAnHourFails() {
        let short = Checks.scrapeGaps(target: "api", times: Self.every(15, skipping: 3600...3645), start: Self.day,
                                      end: Self.end, Self.t)
        #expect(short.count == 1)
        #expect(short.first?.severity == .warn)
        #expect(short.first?.start == Self.day.addingTimeInterval(3600))
        #expect(short.first?.end == Self.day.addingTimeInterval(3660))
        let long = Checks.scrapeGaps(target: "api", times: Self.every(15, skipping: 7200...9000), start: Self.day,
                                     end: Self.end, Self.t)
        #expect(long.first?.severity == .fail)
        #expect(long.first?.message.contains("30 min") == true)
    }

    @Test func threeMissedScrapesAreNotAGap() {
        #expect(Checks.scrapeGaps(target: "api", times: Self.every(15, skipping: 3600...3630), start: Self.day,
                                  end: Self.end, Self.t).isEmpty)
    }

    @Test func seriesSilentBeforeTheEndOfTheDayIsStaleFromItsLastSample() {
        let findings = Checks.staleSeries(metric: "m", tenantID: nil, times: Self.every(15, to: 80_000),
                                          start: Self.day, end: Self.end, Self.t)
        #expect(findings.count == 1)
        #expect(findings.first?.start == Self.day.addingTimeInterval(79_995), "from the last sample")
        #expect(findings.first?.end == Self.end)
        let absent = Checks.staleSeries(metric: "m", tenantID: nil, times: [], start: Self.day, end: Self.end, Self.t)
        #expect(absent.first?.message.contains("no samples") == true)
    }

    @Test("hourly success rate thresholds",
          arguments: [(980.0, 20.0, nil as AnomalySeverity?), (94.0, 6.0, .warn), (89.0, 11.0, .fail), (9.0, 5.0, nil)])
    func hourlySuccessRate(success: Double, failure: Double, severity: AnomalySeverity?) {
        let hour = Checks.HourCounts(start: Self.day, end: Self.day.addingTimeInterval(3600), success: success,
                                     failure: failure)
        #expect(Checks.successRateDrops([hour], tenantID: nil, Self.t).first?.severity == severity)
    }

    @Test func latencyBreachNeedsEnoughRequestsAndAP95OverSixty() {
        func hour(_ slow: Double, total: Double) -> Checks.HourHistogram {
            Checks.HourHistogram(start: Self.day, end: Self.day.addingTimeInterval(3600), buckets: [
                .init(upperBound: 30, count: total - slow), .init(upperBound: 60, count: total - slow),
                .init(upperBound: 120, count: total), .init(upperBound: .infinity, count: total)])
        }
        #expect(Checks.latencyBreaches([hour(20, total: 100)], tenantID: nil, Self.t).first?.severity == .fail)
        #expect(Checks.latencyBreaches([hour(2, total: 100)], tenantID: nil, Self.t).isEmpty)
        #expect(Checks.latencyBreaches([hour(10, total: 10)], tenantID: nil, Self.t).isEmpty,
                "too few requests to judge")
    }

    @Test func gaugeUnchangedForSixHoursWithTrafficIsFrozen() {
        let samples = Self.every(60).map { time -> (Date, Double) in
            let offset = time.timeIntervalSince(Self.day)
            return (time, (3600...30_000).contains(offset) ? 7 : offset.truncatingRemainder(dividingBy: 7))
        }
        let frozen = Checks.frozen(metric: "queue_depth_gauge", tenantID: nil, samples: samples,
                                   hadTraffic: { _, _ in true }, Self.t)
        #expect(frozen.count == 1)
        #expect(Checks.frozen(metric: "q", tenantID: nil, samples: samples, hadTraffic: { _, _ in false },
                              Self.t).isEmpty)
    }

    @Test func steadyDaysDoNotTurnASmallWobbleIntoAnOutlier() {
        // Success rates agreeing to a tenth of a point: a 0.5 point dip is not an anomaly...
        let steady = [98.4, 98.5, 98.4, 98.4, 98.3]
        #expect(Checks.outlier(figure: "success_rate_pct", value: 97.9, comparable: steady, tenantID: nil,
                               start: Self.day, end: Self.end, Self.t).0 == .pass)
        // ...a real drop is.
        #expect(Checks.outlier(figure: "success_rate_pct", value: 90, comparable: steady, tenantID: nil,
                               start: Self.day, end: Self.end, Self.t).0 == .fail)
    }

    @Test func outlierAndVolumeDropNeedFourComparableDays() {
        let few = Checks.outlier(figure: "tickets", value: 10, comparable: [100, 101, 99], tenantID: nil,
                                 start: Self.day, end: Self.end, Self.t)
        #expect(few.0 == .notEvaluated)
        let drop = Checks.volumeDrop(value: 40, comparable: [100, 104, 98, 101], tenantID: nil, start: Self.day,
                                     end: Self.end, Self.t)
        #expect(drop.0 == .fail)
        let outlier = Checks.outlier(figure: "tickets", value: 40, comparable: [100, 104, 98, 101], tenantID: nil,
                                     start: Self.day, end: Self.end, Self.t)
        #expect(outlier.0 == .fail)
        #expect(Checks.outlier(figure: "tickets", value: 102, comparable: [100, 104, 98, 101], tenantID: nil,
                               start: Self.day, end: Self.end, Self.t).0 == .pass)
    }
}

@Suite("Data-quality thresholds as job parameters")
struct ThresholdParameterTests {
    /// Each parameter's name is the field it sets (a parameter wired to the wrong field would change
    /// another threshold than the one the job file names).
    @Test func everyThresholdParameterSetsTheFieldOfItsName() {
        let parameters = DataQualityThresholds.parameters
        var values: [String: Double] = [:]
        for (index, parameter) in parameters.enumerated() { values[parameter.name] = Double(1000 + index) }
        let thresholds = DataQualityThresholds(scrapeInterval: 15) { values[$0.name] }
        let fields = Dictionary(uniqueKeysWithValues: Mirror(reflecting: thresholds).children.compactMap { child in
            child.label.map { ($0, child.value) }
        })
        for parameter in parameters {
            let field = fields[parameter.name]
            let value = (field as? Double) ?? (field as? Int).map(Double.init)
            #expect(value == values[parameter.name], "\(parameter.name)")
        }
        #expect(thresholds.scrapeInterval == 15)
        #expect(Set(parameters.map(\.name)).count == parameters.count)
        #expect(parameters.count == fields.count - 1, "every field but scrapeInterval (the program's) is a parameter")
    }
}
