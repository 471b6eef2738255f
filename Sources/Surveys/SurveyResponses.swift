import CivilTime
import CSV
import Formatting
import FoundationEssentials

/// An import file of survey responses: header `token,question,value,comment,responded_at`.
public struct SurveyResponses: Sendable {
    /// One answer.
    public struct Response: Sendable, Equatable {
        /// The recipient's token.
        public let token: String
        /// The question id (or `unsubscribe`).
        public let question: String
        /// 1-5 for a Likert question; `nil` for free text and unsubscribes.
        public let value: Int?
        /// Free text, if any.
        public let comment: String?
        /// When the technician answered.
        public let respondedAt: Date
        /// The line it came from.
        public let line: Int
    }

    /// The usable rows.
    public let responses: [Response]
    /// Problems with lines (`line 4: value: ...`); those lines are not imported.
    public let problems: [LineProblem]
    /// Lines that repeat an earlier one exactly: imported once, named so the sender can fix the export.
    public var repeats: [LineProblem] = []

    /// Reads import text. `isKnownToken` says whether a token belongs to the campaign; `questions` are the
    /// campaign's. A CSV syntax error or a wrong header is thrown; bad rows are collected.
    public static func parse(_ text: String, questions: [SurveyQuestion],
                             isKnownToken: (String) -> Bool) throws(CSVError) -> SurveyResponses {
        try parse(bytes: Array(text.utf8), questions: questions, isKnownToken: isKnownToken)
    }

    /// Reads the import file's bytes: a line that is not UTF-8 is a bad line. Two lines for the same
    /// token and question are reported: an exact repeat is imported once, a conflicting answer not at all.
    public static func parse(bytes: [UInt8], questions: [SurveyQuestion],
                             isKnownToken: (String) -> Bool) throws(CSVError) -> SurveyResponses {
        let records = try CSVReader.parse(bytes: bytes)
        let expected = ["token", "question", "value", "comment", "responded_at"]
        guard let header = records.first, header.fields.map({ $0.trimmed.lowercased() }) == expected else {
            throw CSVError(line: records.first?.line ?? 1, column: 0,
                           reason: "the header must be \(expected.joined(separator: ","))")
        }
        let byID = Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var responses: [Response] = []
        var problems: [LineProblem] = []
        for record in records.dropFirst() {
            func problem(_ text: String) { problems.append(LineProblem(line: record.line, message: text)) }
            guard record.isValidUTF8 else {
                problem("is not valid UTF-8 (save the file as UTF-8)")
                continue
            }
            guard record.fields.count == 5 else {
                problem("expected 5 fields (\(expected.joined(separator: ","))), found \(record.fields.count)")
                continue
            }
            if record.fields.contains(where: { $0.unicodeScalars.contains("\u{0}") }) {
                problem("contains a NUL byte, which PostgreSQL text cannot hold")
                continue
            }
            let token = record.fields[0].trimmed, questionID = record.fields[1].trimmed
            let valueText = record.fields[2].trimmed, comment = record.fields[3]
            guard isKnownToken(token) else {
                problem("token: \"\(token)\" is not a token of this campaign")
                continue
            }
            guard let respondedAt = TimestampText.parse(record.fields[4].trimmed), respondedAt.offset != nil else {
                problem("responded_at: \"\(record.fields[4])\" is not an RFC 3339 time with offset, like "
                    + "2026-12-02T14:05:00Z")
                continue
            }
            let time = Date(timeIntervalSince1970: respondedAt.unixSeconds())
            var value: Int?
            if questionID == SurveyQuestion.unsubscribe {
                value = nil
            } else if let question = byID[questionID] {
                switch question.kind {
                case .likert:
                    guard let number = Int(valueText), (1...5).contains(number) else {
                        problem("value: \"\(valueText)\" is not 1 to 5 (question \(questionID) is on the Likert scale)")
                        continue
                    }
                    value = number
                case .text:
                    guard valueText.isEmpty else {
                        problem("value: question \(questionID) is free text; put the answer in comment and leave "
                            + "value empty")
                        continue
                    }
                }
            } else {
                problem("question: \"\(questionID)\" is not a question of this campaign "
                    + "(\(questions.map(\.id).joined(separator: ", ")), or unsubscribe)")
                continue
            }
            responses.append(Response(token: token, question: questionID, value: value,
                                      comment: comment.isEmpty ? nil : comment, respondedAt: time, line: record.line))
        }
        return deduplicated(responses, problems: problems)
    }

    /// One row per token and question: repeats noted, conflicting answers left out with both lines named.
    private static func deduplicated(_ responses: [Response], problems: [LineProblem]) -> SurveyResponses {
        struct Key: Hashable { let token: String, question: String }
        var first: [Key: Int] = [:]
        var conflicted = Set<Key>()
        var problems = problems
        var repeats: [LineProblem] = []
        for (index, response) in responses.enumerated() {
            let key = Key(token: response.token, question: response.question)
            guard let earlier = first[key] else {
                first[key] = index
                continue
            }
            let kept = responses[earlier]
            if kept.value == response.value && kept.comment == response.comment
                && kept.respondedAt == response.respondedAt {
                repeats.append(LineProblem(line: response.line,
                    message: "repeats line \(kept.line) (same token, question and answer); imported once"))
            } else {
                conflicted.insert(key)
                problems.append(LineProblem(line: response.line,
                    message: "conflicts with line \(kept.line): the same token and question with "
                                            + "another answer; neither line imported"))
            }
        }
        let kept = first.filter { !conflicted.contains($0.key) }.values.sorted().map { responses[$0] }
        var result = SurveyResponses(responses: kept, problems: problems.sorted { $0.line < $1.line })
        result.repeats = repeats
        return result
    }
}
