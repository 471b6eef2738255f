import DataQuality
import Reports
import Testing

/// Identifiers in words: what bodies people read show instead of the runner's keys.
@Suite("Words for identifiers")
struct WordingTests {
    @Test func anomalyKindsMetricsAndFeedbackReadAsWords() {
        #expect(Wording.anomalyKind("success_rate_drop") == "Success-rate drop")
        #expect(Wording.anomalyKind("feedback_gap") == "No feedback")
        #expect(Wording.anomalyKind("brand_new_kind") == "Brand new kind", "an unknown kind still reads as words")
        #expect(Wording.metric("latency_p95_seconds") == "p95 latency")
        #expect(Wording.metric(#"up{job="api"}"#) == "scrape health of api")
        #expect(Wording.metric("custom_series_total") == "custom_series_total", "an unknown series as ops wrote it")
        #expect(Wording.severity(.fail) == "failure" && Wording.severity(.warn) == "warning")
        #expect(Wording.feedback(type: "rating", rating: 4) == "rating 4 / 5")
        #expect(Wording.feedback(type: "thumbs_down", rating: nil) == "thumbs down")
    }

    @Test func aFiguresPeriodReadsWithItsInclusiveLastDay() {
        #expect(Wording.period(start: "2026-11-30T00:00:00-05:00", end: "2026-12-07T00:00:00-05:00")
            == "30 Nov – 6 Dec 2026")
        #expect(Wording.period(start: "2026-12-28T00:00:00-05:00", end: "2027-01-04T00:00:00-05:00")
            == "28 Dec 2026 – 3 Jan 2027")
        #expect(Wording.period(start: "garbage", end: nil) == nil)
        #expect(Wording.instant("2026-12-07T12:00:00-05:00") == 1_796_662_800)
    }
}
