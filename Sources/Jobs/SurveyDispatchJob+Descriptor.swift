import Config
import FoundationEssentials
import JSON
import Surveys

extension JobKind {
    /// Likert survey mail to technicians, with reminders (PRODUCT.md section 8.6).
    public static let surveyDispatch = JobKind("survey-dispatch")
}

extension SurveyDispatchJob: RegisteredJobKind {
    static let descriptor = JobKindDescriptor(
        kind: .surveyDispatch,
        summary: "Invites the roster's members not yet invited and reminds non-responders; responded, bounced or "
            + "unsubscribed people are skipped (see Surveys below).",
        params: [
            JobParam("campaign", .string, required: true,
                     "letters, digits, `.`, `_`, `-`; names the campaign in mail keys, tokens and commands (so "
                        + "renaming the job does not restart it)"),
            JobParam("roster", .string, required: true,
                     "CSV `email,name,tenant_id`; a relative path is relative to `JOBS_DIR`"),
            JobParam("responseUrl", .string, required: true,
                     "an `https://` or `http://` link with `{token}`, `{question}` and `{value}`"),
            JobParam("questions", .custom(name: "questions", check: checkQuestions),
                     default: .described("`relevance`, `accuracy`, `usefulness`, `overall` (1-5), `comments`"),
                     "`[{id, text, type: likert/text}]`"),
            JobParam("reminderAfter", .duration, default: .value(.string("3d")),
                     "time from the last mail to a reminder"),
            JobParam("maxReminders", .count, default: .value(.int(2)), "reminders per person at most"),
            JobParam("template", .template, default: .value(.string("survey-invitation")), "the mail's template"),
            JobParam("unsubscribeUrl", .string, default: .described("a `mailto:` to `replyTo` or `MAIL_FROM`"),
                     "an `https://` one-click unsubscribe link with `{token}` (RFC 8058)"),
            JobParam("deadline", .date, "the date answers are wanted by, shown as \"by Fri 11 Dec\""),
        ],
        mail: .always,
        templates: [RequiredTemplate(.param("template"), ["txt", "html"])],
        check: check)

    /// The campaign a job mails: `params.campaign` (required by the descriptor).
    static func campaign(of job: JobDefinition) -> String { job.params.string("campaign") ?? "" }

    /// The checks only a survey makes: the campaign's spelling, links people will click, and the roster.
    @Sendable private static func check(_ checker: inout ParamChecker) {
        let params = checker.params
        if let campaign = params.object["campaign"]?.stringValue, !campaign.unicodeScalars.allSatisfy({
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }) {
            params.fail("campaign", "\"\(campaign)\" must be letters, digits, '.', '_' or '-' (it names the campaign "
                + "in mail keys and commands)")
        }
        if let url = params.object["responseUrl"]?.stringValue {
            if !url.contains("{token}") {
                params.fail("responseUrl", "must contain {token} so each response is tied to its recipient")
            }
            if let problem = ParamChecker.linkProblem(url) { params.fail("responseUrl", problem) }
        }
        if let url = params.object["unsubscribeUrl"]?.stringValue {
            if !url.contains("{token}") {
                params.fail("unsubscribeUrl", "must contain {token} so the right person is unsubscribed")
            }
            if !url.hasPrefix("https://") {
                params.fail("unsubscribeUrl", "must be an https:// URL (RFC 8058 one-click unsubscribe requires it)")
            } else if let problem = ParamChecker.linkProblem(url) { params.fail("unsubscribeUrl", problem) }
        }
        if let roster = params.object["roster"]?.stringValue, !roster.isEmpty {
            checkRoster(checker.path(roster), checker: checker)
        }
    }

    /// A roster that cannot be read at all (bad header, broken quoting) is a configuration error; bad lines
    /// are warnings: the job mails the good lines, then fails naming the bad ones.
    private static func checkRoster(_ path: String, checker: ParamChecker) {
        guard let data = FileManager.default.contents(atPath: path) else {
            checker.params.fail("roster", "\(path) cannot be read (a relative roster path is relative to JOBS_DIR)")
            return
        }
        do {
            let roster = try SurveyRoster.parse(bytes: Array(data))
            for problem in roster.problems {
                checker.warn(file: path, line: problem.line, "\(problem.message) (this line will not be mailed)")
            }
        } catch {
            checker.report(file: path, line: error.line, error.reason)
        }
    }

    @Sendable private static func checkQuestions(_ reader: inout FieldReader, _ key: String) {
        guard let value = reader.value(key) else { return }
        guard let array = value.arrayValue, !array.isEmpty else {
            reader.fail(key, "expected a non-empty array of questions, found \(value.typeName)")
            return
        }
        var ids = Set<String>()
        for (index, element) in array.enumerated() {
            let path = "\(reader.fieldPath(key))[\(index)]"
            guard let object = element.objectValue else {
                reader.fail(field: path, at: key, "expected an object with id and text, found \(element.typeName)")
                continue
            }
            var question = reader.reader(for: object, at: path)
            if let id = question.string("id", required: true), !ids.insert(id).inserted {
                question.fail("id", "duplicate question id \"\(id)\"")
            }
            _ = question.string("text", required: true)
            _ = question.choice("type", SurveyQuestion.Kind.self)
            question.finish()
        }
    }
}

extension JobDefinition {
    /// The campaign a survey job mails (`params.campaign`); nil for other kinds.
    public var surveyCampaign: String? { kind == .surveyDispatch ? SurveyDispatchJob.campaign(of: self) : nil }
}
