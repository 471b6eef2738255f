import CivilTime
import Config
import Cron
import MIME
import Formatting
import FoundationEssentials
import JSON
import Scheduler
import Store
import Surveys

/// A survey job's parameters with their defaults, and its mail model.
public struct SurveySettings {
    let campaign: String
    let rosterPath: String
    let responseURL: String
    let questions: [SurveyQuestion]
    let reminderAfter: TimeInterval
    let maxReminders: Int
    let template: String
    /// `params.unsubscribeUrl` (https, with `{token}`): the one-click unsubscribe of RFC 8058.
    let unsubscribeURL: String?
    /// `params.deadline` (a date), shown as "by Fri 11 Dec".
    let deadline: String?

    init(context: RunContext) throws {
        // Validated against SurveyDispatchJob.descriptor, whose defaults these reads return.
        let params = context.job.params
        campaign = SurveyDispatchJob.campaign(of: context.job)
        let roster = params.string("roster") ?? ""
        rosterPath = PathText.join(context.environment.jobsDirectory, roster)
        responseURL = params.string("responseUrl") ?? ""
        questions = Self.questions(params.value("questions"))
        reminderAfter = TimeInterval(params.seconds("reminderAfter")!)
        maxReminders = params.int("maxReminders")!
        template = params.string("template")!
        unsubscribeURL = params.string("unsubscribeUrl")
        deadline = params.string("deadline")
    }

    /// The unsubscribe URI of one recipient: the https link of `params.unsubscribeUrl`, else a `mailto:`
    /// to `replyTo` (or `From`) naming the campaign.
    func unsubscribe(token: String, mailbox: MailAddress) -> (uri: String, oneClick: Bool) {
        if let unsubscribeURL {
            return (SurveyLinks.url(template: unsubscribeURL, token: token, question: SurveyQuestion.unsubscribe,
                                    value: ""), true)
        }
        let subject = "unsubscribe%20\(campaign)"
        return ("mailto:\(mailbox.localPart)@\(mailbox.domain)?subject=\(subject)", false)
    }

    /// The questions of `params.questions`, or the defaults of section 8.6.
    public static func questions(_ value: JSONValue?) -> [SurveyQuestion] {
        guard let array = value?.arrayValue, !array.isEmpty else { return SurveyQuestion.defaults }
        return array.compactMap { element in
            guard let id = element["id"]?.stringValue, let text = element["text"]?.stringValue else { return nil }
            return SurveyQuestion(id: id, text: text, kind: element["type"]?.stringValue == "text" ? .text : .likert)
        }
    }

    func readRoster() throws -> SurveyRoster {
        guard let data = FileManager.default.contents(atPath: rosterPath) else {
            throw JobFailure("roster \(rosterPath) cannot be read (params.roster is relative to JOBS_DIR)")
        }
        do {
            return try SurveyRoster.parse(bytes: Array(data))
        } catch {
            throw JobFailure("roster \(rosterPath): \(error)")
        }
    }

    /// The view model of one invitation or reminder: formatted strings and links only.
    func model(for standing: SurveyStore.Standing, action: SurveyPlan.Action, unsubscribe: String,
               zone: Zone) -> JSONValue {
        var object = JSONObject()
        object["title"] = .string("Two minutes on the AI ticket enhancements")
        let by = deadline.flatMap { TimeText.parseDate($0) }.map { date in
            " by " + HumanTime.day(days: CivilTime.days(year: date.year, month: date.month, day: date.day))
        } ?? ""
        object["purpose"] = .string("Why: the product team measures whether the enhancements save you research time. "
            + "Who sees your answers: the product team, as totals by question; no answer is shown with your name. "
            + "Please answer\(by.isEmpty ? " when you can" : by).")
        object["scale"] = .string("1 = poor, 2 = fair, 3 = good, 4 = very good, 5 = excellent")
        object["name"] = .string(standing.name.isEmpty ? "there" : standing.name)
        object["campaign"] = .string(campaign)
        if case .remind(let number) = action {
            object["reminder"] = .bool(true)
            object["reminder_number"] = .string("\(number)")
        } else {
            object["reminder"] = .bool(false)
        }
        object["questions"] = .array(questions.enumerated().map { index, question in
            var q = JSONObject()
            q["number"] = .string("\(index + 1)")
            q["text"] = .string(question.text)
            q["likert"] = .bool(question.kind == .likert)
            if question.kind == .likert {
                q["options"] = .array((1...5).map { value in
                    var option = JSONObject()
                    option["value"] = .string("\(value)")
                    option["url"] = .string(SurveyLinks.url(template: responseURL, token: standing.token,
                                                            question: question.id, value: "\(value)"))
                    return .object(option)
                })
            } else {
                q["url"] = .string(SurveyLinks.url(template: responseURL, token: standing.token, question: question.id,
                                                   value: ""))
            }
            return .object(q)
        })
        object["unsubscribe_url"] = .string(unsubscribe)
        return .object(object)
    }
}
