import JSON
import Reports
import Testing

/// The report's first line and its gaps, as an executive reads them: the decision first, then the numbers.
@Suite("Headline and gaps")
struct HeadlineTests {
    static func criterion(_ label: String, actual: Double, low: Double, high: Double, op: String, target: Double,
                          verdict: String, n: Double = 43_891, metric: String = "success_rate_pct") -> JSONValue {
        .object(JSONObject([
            ("label", .string(label)), ("metric", .string(metric)), ("op", .string(op)), ("target", .double(target)),
            ("actual", .double(actual)), ("unit", .string("%")), ("n", .double(n)), ("ci_low", .double(low)),
            ("ci_high", .double(high)), ("met", .bool(verdict == "met")), ("verdict", .string(verdict)),
        ]))
    }

    static let met = criterion("Enhancement success rate", actual: 98.4, low: 98.3, high: 98.5, op: ">", target: 95,
                               verdict: "met")
    static let nfr = criterion("Reliability requirement NFR003", actual: (43_891 - 697) / 43_891 * 100, low: 98.3,
                               high: 98.5, op: ">=", target: 99, verdict: "not_met")

    @Test func aCriterionNotMetMakesTheHeadlineSayNotReadyAndCountTheRest() {
        let latency = Self.criterion("p95 latency", actual: 34.8, low: 34.4, high: 35.3, op: "<", target: 60,
                                     verdict: "met", metric: "latency_p95_seconds")
        let headline = BaselineReportModel.headline([latency, latency, Self.nfr])
        #expect(headline == "Not ready: Reliability requirement NFR003 is 98.4 % (98.3–98.5) against ≥ 99 %; "
            + "the other 2 criteria are met.")
        // The success rate's own > 95 % criterion is named beside NFR003: one figure, two targets.
        #expect(BaselineReportModel.headline([Self.met, latency, Self.nfr]) == "Not ready: Reliability requirement "
            + "NFR003 is 98.4 % (98.3–98.5) against ≥ 99 % (the same figure meets Enhancement success rate's "
            + "> 95 %); the other criterion is met.")
        #expect(BaselineReportModel.readiness([Self.met, Self.nfr]) == "Not ready")
    }

    @Test func everyCriterionMetIsReadyAndAnOpenOneIsNotDecided() {
        #expect(BaselineReportModel.headline([Self.met, Self.met])
            == "Ready: the baseline meets all 2 success criteria with 95 % confidence.")
        let open = Self.criterion("Technician satisfaction", actual: 4.04, low: 3.99, high: 4.09, op: ">", target: 4,
                                  verdict: "inconclusive", n: 1_632, metric: "avg_rating")
        #expect(BaselineReportModel.headline([Self.met, open]) == "Not decided yet: Technician satisfaction cannot be "
            + "told apart from the target with this much data; the other criterion is met.")
        let latency = Self.criterion("p95 latency", actual: 34.8, low: 34.4, high: 35.3, op: "<", target: 60,
                                     verdict: "met", metric: "latency_p95_seconds")
        #expect(BaselineReportModel.headline([latency, open, Self.nfr]).hasSuffix("against ≥ 99 %; of the other 2 "
            + "criteria, 1 is met and 1 is inconclusive."))
    }

    /// At ≥ 99 % of 43,891 finished, 438 failures are allowed (439 would be 98.9998 %); at > 95 % of 1,000, 49.
    @Test func theFailureGapCountsWholeFailuresAgainstTheLargestNumberTheTargetAllows() {
        let gap = BaselineReportModel.gaps([Self.nfr]).first?.1 ?? ""
        #expect(gap.contains("259 fewer failures in the period would have met it (697 failed, at most 438 allowed)"),
                "\(gap)")
        let strict = Self.criterion("Success", actual: 94, low: 92.4, high: 95.3, op: ">", target: 95,
                                    verdict: "inconclusive", n: 1_000)
        let strictGap = BaselineReportModel.gaps([strict]).first?.1 ?? ""
        #expect(strictGap.contains("11 fewer failures in the period would have met it (60 failed, at most 49 allowed)"),
                "\(strictGap)")
    }

    static func tenant(_ name: String, actual: Double, low: Double, high: Double) -> JSONValue {
        .object(JSONObject([("name", .string(name)), ("criteria", .array([.object(JSONObject([
            ("id", .string("nfr")), ("actual", .double(actual)), ("ci_low", .double(low)), ("ci_high", .double(high)),
            ("verdict", .string("not_met")),
        ]))]))]))
    }

    @Test func clientsWhoseIntervalsOverlapAreNamedAsOnePlatformWideShortfall() {
        let criterion = JSONValue.object(JSONObject([("id", .string("nfr")), ("label", .string("NFR003")),
            ("op", .string(">=")), ("target", .double(99)), ("unit", .string("%")), ("verdict", .string("not_met"))]))
        let overlapping = JSONValue.object(JSONObject([("tenants", .array([
            Self.tenant("Acme", actual: 98.3, low: 98.0, high: 98.5), Self.tenant("Globex", actual: 98.5, low: 98.3,
                                                                                   high: 98.6)]))]))
        let found = BaselineReportModel.clientFindings(overlapping, criteria: [criterion])
        #expect(found == ["NFR003 is missed most at Acme (98.3 %), then Globex (98.5 %); 2 of 2 clients miss ≥ 99 % "
            + "on their own; their intervals overlap, so the shortfall is platform-wide rather than one client's."])
        let apart = JSONValue.object(JSONObject([("tenants", .array([
            Self.tenant("Acme", actual: 96.0, low: 95.5, high: 96.4), Self.tenant("Globex", actual: 98.5, low: 98.3,
                                                                                   high: 98.6)]))]))
        #expect(BaselineReportModel.clientFindings(apart, criteria: [criterion]).first?.hasSuffix("on their own.")
            == true, "distinct clients are ranked without the platform-wide note")
    }

    @Test func keyFindingsLeadWithWhatIsNotMet() {
        let findings = BaselineReportModel.findings(.object(JSONObject()), criteria: [Self.met, Self.nfr])
        #expect(findings.first?.hasPrefix("Reliability requirement NFR003 is 98.4 % (98.3–98.5): short of") == true,
                "\(findings)")
        #expect(findings.dropFirst().first?.hasPrefix("Enhancement success rate") == true)
    }
}
