import CivilTime
import Formatting
import Config
import FoundationEssentials
import JSON
import Postgres
import Store
import Jobs
import Surveys

/// `survey status CAMPAIGN` lists where each recipient stands; `survey import CAMPAIGN FILE.csv` stores
/// responses, reporting bad rows by line and keeping the good ones.
enum SurveyCommand {
    static let statusSpec = CommandSpec(
        path: ["survey", "status"], summary: "recipients of a survey campaign and where they stand",
        usage: "survey status CAMPAIGN [--json]",
        details: "status is pending, sent, failed, unknown, responded, bounced or unsubscribed; sent_at is the last "
            + "invitation or reminder (UTC).",
        options: [OptionSpec(name: "json", valueName: nil, summary: "print a JSON array")],
        positionals: 1...1, run: status)

    static let importSpec = CommandSpec(
        path: ["survey", "import"], summary: "import survey responses from a CSV file",
        usage: "survey import CAMPAIGN FILE.csv",
        details: """
            The file has the header token,question,value,comment,responded_at. value is 1-5 for Likert questions
            and empty for free text (the answer goes in comment); question "unsubscribe" stops further mail to that
            recipient.
            Bad rows are reported as FILE:LINE and left out; the good ones are stored. Importing a file again changes
            nothing. Exit 1 when any row was bad.
            """,
        options: [], positionals: 2...2, run: importResponses)

    static func status(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        let campaign = arguments.positionals[0]
        guard let url = context.databaseURL() else { return .usage }
        do {
            let standings = try await SurveyStore(database: Database(url)).standings(campaign: campaign)
            let declared = (try? JobCatalog.load(jobsDirectory: context.variables["JOBS_DIR"] ?? "Jobs",
                                                 templatesDirectory: context.variables["TEMPLATES_DIR"]
                                                     ?? "Templates"))?
                .jobs.compactMap(\.surveyCampaign)
            if standings.isEmpty, let declared, !declared.contains(campaign) {
                context.complain("error: no campaign '\(campaign.prefix(60))': no survey-dispatch job declares it and "
                    + "it has no recipients; "
                                 + "declared: \(declared.isEmpty ? "none" : declared.joined(separator: ", "))")
                return .failure
            }
            if standings.isEmpty { context.complain("note: campaign '\(campaign)' has no recipients yet (its "
                + "survey-dispatch job adds them when it runs)") }
            var listing = Listing(columns: ["email", "tenant_id", "status", "sent_at", "reminders", "last_error"])
            for s in standings {
                listing.add([.string(s.email), .string(s.tenantID.uuidString.lowercased()), .string(s.status),
                             Listing.time(s.sentAt, in: .utc),
                             .number(JSONNumber(text: String(s.reminders))),
                             s.lastError.map(JSONValue.string) ?? .null])
            }
            context.write(listing.render(json: arguments.flags.contains("json")))
            return .success
        } catch {
            context.logger.error("cannot read the survey campaign", ["campaign": campaign, "error": "\(error)"])
            return .failure
        }
    }

    static func importResponses(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        let campaign = arguments.positionals[0], file = arguments.positionals[1]
        guard let (_, catalog) = context.configuration() else { return .usage }
        guard let job = catalog.jobs.first(where: { $0.surveyCampaign == campaign }) else {
            let declared = catalog.jobs.compactMap(\.surveyCampaign)
            context.complain("error: no survey-dispatch job declares the campaign '\(campaign.prefix(60))'; declared: "
                + (declared.isEmpty ? "none" : declared.joined(separator: ", ")))
            return .usage
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            context.complain("error: \(file) cannot be read: \(ErrorText.describe(error))")
            return .usage
        }
        guard let url = context.databaseURL() else { return .usage }
        let store = SurveyStore(database: Database(url))
        do {
            let tokens = try await store.tokens(campaign: campaign)
            let parsed: SurveyResponses
            do {
                parsed = try SurveyResponses.parse(bytes: Array(data),
                    questions: SurveySettings.questions(job.params.value("questions")),
                                                   isKnownToken: tokens.contains)
            } catch {
                context.complain("\(file):\(error.line): \(error.reason); nothing was imported")
                return .usage
            }
            // Every bad row is counted; the first 100 are named (a million bad rows must not flood the terminal).
            for problem in parsed.problems.prefix(100) { context.complain("\(file):\(problem.line): "
                + "\(problem.message)") }
            if parsed.problems.count > 100 {
                context.complain("\(file): \(parsed.problems.count - 100) more bad row(s) not listed (the first 100 "
                    + "are above)")
            }
            for repeated in parsed.repeats.prefix(20) { context.complain("note: \(file):\(repeated.line): "
                + "\(repeated.message)") }
            if parsed.repeats.count > 20 { context.complain("note: \(file): \(parsed.repeats.count - 20) more repeated "
                + "row(s) not listed") }
            let counts = try await store.importResponses(campaign: campaign, parsed.responses.map {
                SurveyStore.NewResponse(token: $0.token, question: $0.question, value: $0.value, comment: $0.comment,
                                        respondedAt: $0.respondedAt)
            })
            context.print("imported \(parsed.responses.count) row(s) into \(campaign): \(counts.added) new, "
                + "\(counts.changed) changed, "
                          + "\(counts.unchanged) unchanged; \(parsed.problems.count) bad row(s) left out"
                          + (parsed.repeats.isEmpty ? "" : "; \(parsed.repeats.count) repeated row(s) imported once"))
            return parsed.problems.isEmpty ? .success : .failure
        } catch {
            context.logger.error("survey import failed; nothing was imported",
                                 ["campaign": campaign, "error": "\(error)"])
            return .failure
        }
    }
}
