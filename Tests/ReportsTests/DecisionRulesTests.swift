import Config
import Foundation
import JSON
import Program
import Reports
import Testing

/// The pure rules behind the Monday decisions (PRODUCT.md sections 8.7 and 8.8), without data sources.
@Suite("Decision rules: themes, roadmap, escalation")
struct DecisionRulesTests {
    @Test func negativeCommentsNoThemeMatchesAreCountedAndWritten() {
        let now = Date(timeIntervalSince1970: 1_796_014_800)
        let comments = [
            FeedbackThemes.Comment(text: "Wrong answer", negative: true, createdAt: now),
            FeedbackThemes.Comment(text: "did not apply to this client", negative: true, createdAt: now),
            FeedbackThemes.Comment(text: "meh", negative: true, createdAt: now),
            FeedbackThemes.Comment(text: "no idea", negative: false, createdAt: now),
        ]
        let counted = FeedbackThemes.unmatchedNegative(comments, themes: ProgramDefinition.defaultThemes)
        #expect(counted.unmatched == 2 && counted.negative == 3, "a positive comment is not a complaint")
        let figures = JSONValue.object(JSONObject([("themes_unmatched", .object(JSONObject([
            ("negative_unmatched", .int(194)), ("negative_comments", .int(468))])))]))
        #expect(PriorityModel.unmatchedText(figures)
            == "Not matched to any theme: 194 of 468 negative comments (41 %).")
        #expect(PriorityModel.unmatchedText(.object(JSONObject())) == "")
    }

    @Test func aKeywordMatchesOnlyAtTheStartOfAWordInAnyCase() {
        #expect(FeedbackThemes.matches("Cites an OUTDATED article", keyword: "outdated"))
        #expect(FeedbackThemes.matches("it hallucinated a KB", keyword: "hallucinat"))
        #expect(FeedbackThemes.matches("(slow) again", keyword: "slow"))
        #expect(!FeedbackThemes.matches("a landslow", keyword: "slow"), "inside a word is no match")
        #expect(FeedbackThemes.matches("it did not include the asset", keyword: "did not include"))
        #expect(!FeedbackThemes.matches("", keyword: "slow"))
    }

    @Test func themesCountNegativeSharesAndSeverity() {
        let now = Date(timeIntervalSince1970: 1_796_014_800)
        let comments = [
            FeedbackThemes.Comment(text: "Wrong answer", negative: true, createdAt: now),
            FeedbackThemes.Comment(text: "wrong again", negative: true, createdAt: now.addingTimeInterval(60)),
            FeedbackThemes.Comment(text: "Too slow", negative: true, createdAt: now),
            FeedbackThemes.Comment(text: "wrong but fine", negative: false, createdAt: now),
        ] + (0..<7).map { FeedbackThemes.Comment(text: "meh \($0)", negative: true, createdAt: now) }
        let results = FeedbackThemes.analyse(comments, themes: ProgramDefinition.defaultThemes)
        let accuracy = results.first { $0.id == "accuracy" }!
        #expect(accuracy.comments == 3 && accuracy.negative == 2)
        #expect(abs(accuracy.negativeShare - 2.0 / 10) < 1e-12 && accuracy.severity == "medium")
        #expect(accuracy.quotes == ["wrong again", "Wrong answer"], "newest first")
        let latency = results.first { $0.id == "latency" }!
        #expect(latency.severity == "medium" && abs(latency.negativeShare - 0.1) < 1e-12, "medium from 10 %")
        #expect(FeedbackThemes.severity(share: 0.25) == "high" && FeedbackThemes.severity(share: 0.0999) == "low")
    }

    @Test func theRoadmapRanksByImpactOverEffortThenImpactThenId() {
        let criteria = [Roadmap.CriterionState(id: "nfr", label: "NFR003", verdict: "not_met", reading: "x"),
                        Roadmap.CriterionState(id: "sat", label: "Satisfaction", verdict: "inconclusive", reading: "y")]
        let themes = FeedbackThemes.analyse([FeedbackThemes.Comment(text: "wrong", negative: true, createdAt: Date())],
                                            themes: ProgramDefinition.defaultThemes)
        let backlog = [
            BacklogItem(id: "b", title: "B", effort: .l, criteria: ["nfr"], themes: []),       // 1 / 3
            BacklogItem(id: "a", title: "A", effort: .m, criteria: ["sat"], themes: []),       // 0.5 / 2
            BacklogItem(id: "c", title: "C", effort: .s, criteria: [], themes: ["accuracy"]),  // 1 / 1
            BacklogItem(id: "d", title: "D", effort: .xl, criteria: ["nfr", "sat"], themes: ["accuracy"]),  // 2.5 / 5
        ]
        let ranked = Roadmap.rank(backlog, criteria: criteria, themes: themes)
        #expect(ranked.map(\.id) == ["c", "d", "b", "a"])
        #expect(ranked.map(\.label) == ["quick win", "strategic bet", "strategic bet", "quick win"])
        #expect(ranked[0].rationale == "addresses 100 % of negative feedback: accuracy 100 %")
        #expect(ranked[2].rationale == "moves NFR003, not met at x")
    }

    @Test func escalationFollowsTheSeverityLadder() {
        func assess(_ verdicts: [String], before: Set<String> = [], source: [Int] = [], fails: Set<Int> = [],
                    themes: [String] = []) -> Escalation.Severity {
            Escalation.assess(.init(verdicts: verdicts.enumerated().map { ("C\($0.offset)", "c\($0.offset)",
                $0.element) },
                                    notMetBefore: before, sourceUnavailableDays: source, failDays: fails,
                                    highThemes: themes)).severity
        }
        #expect(assess(["met"]) == .low)
        #expect(assess(["met"], themes: ["Accuracy"]) == .medium)
        #expect(assess(["inconclusive"]) == .medium)
        #expect(assess(["met"], fails: [10, 12]) == .low, "fail days not consecutive")
        #expect(assess(["met"], fails: [10, 11]) == .high)
        #expect(assess(["not_met"]) == .high)
        #expect(assess(["not_met"], before: ["c0"]) == .critical)
        #expect(assess(["met"], source: [10]) == .critical)
        let reasons = Escalation.assess(.init(verdicts: [("NFR003", "n", "not_met"), ("Rating", "r", "inconclusive")],
                                              notMetBefore: ["n"], sourceUnavailableDays: [], failDays: [],
                                              highThemes: [])).reasons
        #expect(reasons == ["NFR003 is not met for the second snapshot in a row", "Rating is inconclusive"])
    }
}
