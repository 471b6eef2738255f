import Formatting
import JSON
import Statistics
import Surveys

/// Survey results for the end-of-baseline report (PRODUCT.md section 8.5): per question mean, median and
/// distribution, the response rate, and the free-text answers.
public struct SurveySummary: Sendable {
    /// One answer: a Likert value or a free-text comment.
    public struct Answer: Sendable {
        public let question: String
        public let value: Int?
        public let comment: String?
        /// Creates an answer.
        public init(question: String, value: Int?, comment: String?) {
            self.question = question
            self.value = value
            self.comment = comment
        }
    }

    /// The answers, oldest first.
    public let answers: [Answer]
    /// Technicians mailed at least once.
    public let invited: Int
    /// Technicians who answered at least one question.
    public let responded: Int

    /// Creates a summary.
    public init(answers: [Answer], invited: Int, responded: Int) {
        self.answers = answers
        self.invited = invited
        self.responded = responded
    }

    /// Adds `survey` (a sentence), `has_survey`, `survey_questions` [`question`, `responses`, `mean`, `median`,
    /// `distribution` [`value`, `count`, `pct`, `bar`, `bar_pct`]], `has_survey_comments` and `survey_comments`
    /// (the latest 20 free-text answers, one line each) to a view model.
    public func fill(_ object: inout JSONObject) {
        let rate = invited > 0 ? " (\(Format.fixed(Double(responded) / Double(invited) * 100, 0)) %)" : ""
        object["has_survey"] = .bool(!answers.isEmpty)
        object["survey"] = .string(answers.isEmpty
            ? "No survey responses were collected (\(invited) technician(s) invited)."
            : "\(responded) of \(invited) invited technicians answered\(rate).")
        var order: [String] = []
        var values: [String: [Int]] = [:]
        for answer in answers {
            guard let value = answer.value else { continue }
            if values[answer.question] == nil { order.append(answer.question) }
            values[answer.question, default: []].append(value)
        }
        // The default questions (section 8.6) first, in their order and with their labels; others as answered.
        let defaults = SurveyQuestion.defaults
        order = order.enumerated().sorted { a, b in
            (defaults.firstIndex { $0.id == a.element } ?? defaults.count
                + a.offset) < (defaults.firstIndex { $0.id == b.element } ?? defaults.count + b.offset)
        }.map(\.element)
        object["survey_questions"] = .array(order.map { id in
            let numbers = values[id] ?? []
            let doubles = numbers.map(Double.init)
            return .object(JSONObject([
                ("question", .string(defaults.first { $0.id == id }?.label ?? id)), ("responses",
                        .string("\(numbers.count)")),
                ("mean", .string(Statistics.mean(doubles).map { Format.fixed($0, 2) } ?? "–")),
                ("median", .string(Statistics.median(doubles).map { Format.fixed($0, 1) } ?? "–")),
                ("distribution", Bars.fiveToOne(Dictionary(numbers.map { ($0, 1) }, uniquingKeysWith: +))),
            ]))
        })
        let comments = answers.compactMap { answer -> JSONValue? in
            guard answer.value == nil, let comment = answer.comment?.trimmed, !comment.isEmpty else { return nil }
            return .string(comment.split(whereSeparator: \.isNewline).joined(separator: " "))
        }.suffix(20)
        object["has_survey_comments"] = .bool(!comments.isEmpty)
        object["survey_comments"] = .array(Array(comments))
    }
}
