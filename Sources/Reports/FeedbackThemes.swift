import Program
import FoundationEssentials
import JSON

/// Feedback themes of PRODUCT.md section 8.7: which comments match each theme, how much of the negative
/// feedback each one holds, its severity, and the most recent negative quotes. Pure.
public enum FeedbackThemes {
    /// One comment, in-product or from the survey.
    public struct Comment: Sendable {
        public let text: String
        /// A thumbs-down or a rating of 1–2 (survey: the respondent's overall answer was 1–2).
        public let negative: Bool
        public let createdAt: Date
        public init(text: String, negative: Bool, createdAt: Date) {
            self.text = text
            self.negative = negative
            self.createdAt = createdAt
        }
    }

    /// A theme's figures.
    public struct Result: Sendable, Equatable {
        public let id: String
        public let label: String
        public let comments: Int
        public let negative: Int
        /// Negative matching comments over all negative comments (0 without negative comments).
        public let negativeShare: Double
        public let severity: String
        /// Up to three different negative comments, newest first.
        public let quotes: [String]
    }

    /// Whether `keyword` starts a word of `text` (both compared in lower case): at the start, or after a
    /// character that is neither a letter nor a digit.
    public static func matches(_ text: String, keyword: String) -> Bool {
        let haystack = Array(text.lowercased().unicodeScalars), needle = Array(keyword.lowercased().unicodeScalars)
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            if start == 0 { return true }
            let before = haystack[start - 1]
            if !before.properties.isAlphabetic && !("0"..."9").contains(before) { return true }
        }
        return false
    }

    /// `high` from 25 %, `medium` from 10 %, else `low` (of negative feedback).
    public static func severity(share: Double) -> String {
        share >= 0.25 ? "high" : share >= 0.10 ? "medium" : "low"
    }

    /// Every theme's figures over `comments`, in the themes' declared order.
    public static func analyse(_ comments: [Comment], themes: [ProgramDefinition.Theme]) -> [Result] {
        let negativeTotal = comments.filter(\.negative).count
        return themes.map { theme in
            let matching = comments.filter { comment in theme.keywords.contains { matches(comment.text, keyword: $0) } }
            let negative = matching.filter(\.negative)
            let share = negativeTotal > 0 ? Double(negative.count) / Double(negativeTotal) : 0
            // The newest three different quotes: the same complaint three times tells the reader less.
            var quotes: [String] = []
            for comment in negative.sorted(by: { $0.createdAt > $1.createdAt }) where quotes.count < 3 {
                if !quotes.contains(comment.text) { quotes.append(comment.text) }
            }
            return Result(id: theme.id, label: theme.label, comments: matching.count, negative: negative.count,
                          negativeShare: share, severity: severity(share: share), quotes: quotes)
        }
    }

    /// The negative comments no theme matches, and all negative comments: how much of the complaints the
    /// themes (and so the roadmap's shares) account for.
    public static func unmatchedNegative(_ comments: [Comment], themes: [ProgramDefinition.Theme])
        -> (unmatched: Int, negative: Int) {
        let negative = comments.filter(\.negative)
        let unmatched = negative.filter { comment in
            !themes.contains { theme in theme.keywords.contains { matches(comment.text, keyword: $0) } }
        }
        return (unmatched.count, negative.count)
    }

    /// The `themes` array of the figures object.
    public static func json(_ results: [Result]) -> JSONValue {
        .array(results.map { result in
            .object(JSONObject([
                ("id", .string(result.id)), ("label", .string(result.label)), ("comments", .int(result.comments)),
                ("negative", .int(result.negative)), ("negative_share", .double(result.negativeShare)),
                ("severity", .string(result.severity)), ("quotes", .array(result.quotes.map(JSONValue.string))),
            ]))
        })
    }
}
