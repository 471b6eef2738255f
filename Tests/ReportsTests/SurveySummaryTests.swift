import Config
import Foundation
import JSON
import Reports
import Templates
import Testing

@Suite("Survey results in the baseline report")
struct SurveySummaryTests {
    static let summary = SurveySummary(answers: [
        .init(question: "relevance", value: 4, comment: nil), .init(question: "relevance", value: 5, comment: nil),
        .init(question: "relevance", value: 2, comment: nil), .init(question: "accuracy", value: 3, comment: nil),
        .init(question: "comments", value: nil, comment: "Fast | mostly\nright <b>"),
    ], invited: 8, responded: 3)

    @Test func questionsGetMeanMedianAndDistribution() throws {
        var object = JSONObject()
        Self.summary.fill(&object)
        #expect(object["survey"] == .string("3 of 8 invited technicians answered (38 %)."))
        let questions = try #require(object["survey_questions"]?.arrayValue)
        #expect(questions.map { $0["question"]?.stringValue } == ["Relevance", "Accuracy"])
        #expect(questions[0]["mean"] == .string("3.67"))
        #expect(questions[0]["median"] == .string("4.0"))
        #expect(questions[0]["distribution"]?.arrayValue?.map { $0["count"]?.stringValue } == ["1", "1", "0", "1", "0"])
        #expect(object["survey_comments"] == .array([.string("Fast | mostly right <b>")]))
    }

    @Test func noAnswersSaysSoAndShowsNoTable() {
        var object = JSONObject()
        SurveySummary(answers: [], invited: 0, responded: 0).fill(&object)
        #expect(object["has_survey"] == .bool(false))
        #expect(object["survey"] == .string("No survey responses were collected (0 technician(s) invited)."))
    }

    @Test func shippedTemplatesRenderTheSectionEscaped() throws {
        var object = JSONObject()
        Self.summary.fill(&object)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let templates = TemplateFiles(directory: root.standardized.path + "/Templates")
        let markdown = try templates.render("baseline-report", .markdown, .object(object))
        #expect(markdown.contains("| Relevance | 3 | 3.67 | 4.0 | 1 (33 %) | 1 (33 %) | 0 (0 %) | 1 (33 %) | 0 (0 %) "
            + "|"), "\(markdown)")
        #expect(markdown.contains("- Fast \\| mostly right \\<b>"))
        let html = try templates.render("baseline-report", .html, .object(object))
        #expect(html.contains("Fast | mostly right &lt;b&gt;"))
        #expect(!html.contains("<b>"))
    }
}
