/// A survey question: answered on the 1-5 Likert scale or in free text.
public struct SurveyQuestion: Sendable, Equatable {
    /// How a question is answered.
    public enum Kind: String, Sendable, CaseIterable {
        /// 1 (strongly disagree / very poor) to 5.
        case likert
        /// Free text, imported as the comment.
        case text
    }

    /// Stable id, used in response links and imports.
    public let id: String
    /// The question as technicians read it.
    public let text: String
    /// How it is answered.
    public let kind: Kind
    /// A short name for report tables (the id when none is given).
    public let label: String

    /// Creates a question.
    public init(id: String, text: String, kind: Kind, label: String? = nil) {
        self.id = id
        self.text = text
        self.kind = kind
        self.label = label ?? id
    }

    /// PRODUCT.md section 8.6: relevance, accuracy, usefulness and overall quality on 1-5, plus free text.
    public static let defaults = [
        SurveyQuestion(id: "relevance", text: "How relevant was the AI research to the tickets you worked on?",
                       kind: .likert, label: "Relevance"),
        SurveyQuestion(id: "accuracy", text: "How accurate was the information it gave?", kind: .likert,
                       label: "Accuracy"),
        SurveyQuestion(id: "usefulness", text: "How much did it help you resolve tickets faster?", kind: .likert,
                       label: "Usefulness"),
        SurveyQuestion(id: "overall", text: "Overall, how would you rate the quality of the enhancements?",
                       kind: .likert, label: "Overall quality"),
        SurveyQuestion(id: "comments", text: "Anything else we should know?", kind: .text, label: "Comments"),
    ]

    /// The question id an import row uses to unsubscribe its recipient from further survey mail.
    public static let unsubscribe = "unsubscribe"
}
