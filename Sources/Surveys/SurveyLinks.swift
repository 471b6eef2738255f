import Formatting

/// Fills a campaign's `responseUrl` template: `{token}`, `{question}` and `{value}`, each percent-encoded.
public enum SurveyLinks {
    /// The link for one answer (`value` empty for a free-text question).
    public static func url(template: String, token: String, question: String, value: String) -> String {
        template.replacing("{token}", with: Format.percentEncoded(token))
            .replacing("{question}", with: Format.percentEncoded(question))
            .replacing("{value}", with: Format.percentEncoded(value))
    }
}
