import Config
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

    init(context: RunContext) throws {
        let params = context.job.params
        campaign = params["campaign"]?.stringValue ?? context.job.name
        let roster = params["roster"]?.stringValue ?? ""
        rosterPath = PathText.join(context.environment.jobsDirectory, roster)
        responseURL = params["responseUrl"]?.stringValue ?? ""
        questions = Self.questions(params["questions"])
        reminderAfter = TimeInterval(params["reminderAfter"]?.stringValue.flatMap(DurationText.seconds) ?? 3 * 86_400)
        maxReminders = params["maxReminders"]?.intValue ?? 2
        template = params["template"]?.stringValue ?? "survey-invitation"
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
    func model(for standing: SurveyStore.Standing, action: SurveyPlan.Action) -> JSONValue {
        var object = JSONObject()
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
                    option["url"] = .string(SurveyLinks.url(template: responseURL, token: standing.token, question: question.id, value: "\(value)"))
                    return .object(option)
                })
            } else {
                q["url"] = .string(SurveyLinks.url(template: responseURL, token: standing.token, question: question.id, value: ""))
            }
            return .object(q)
        })
        object["unsubscribe_url"] = .string(SurveyLinks.url(template: responseURL, token: standing.token, question: SurveyQuestion.unsubscribe, value: ""))
        return .object(object)
    }
}
