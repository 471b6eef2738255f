import Config
import Cron
import CSV
import Formatting
import FoundationEssentials
import JSON
import Mail
import MIME
import Scheduler
import Store
import Surveys
import SurveyTokens

/// The `survey-dispatch` kind (PRODUCT.md section 8.6): invites roster members not yet invited and
/// reminds non-responders, one message per recipient and key (`survey:CAMPAIGN:EMAIL:invite`,
/// `...:reminder-N`), so a re-run or a second replica never mails anyone twice.
struct SurveyDispatchJob: JobExecutor {
    let services: JobServices

    func run(_ context: RunContext) async throws -> RunOutcome {
        let settings = try SurveySettings(context: context)
        let roster = try settings.readRoster()
        guard !context.dryRun else {
            return RunOutcome(output: "dry run: campaign \(settings.campaign), \(roster.members.count) roster "
                + "members; nothing mailed")
        }
        guard let secret = context.environment.surveySecret, !secret.isEmpty else {
            throw JobFailure("SURVEY_SECRET is not set: survey tokens are keyed with it; set it in the environment "
                + "(a Secret in Kubernetes)")
        }
        let (database, mail) = (services.database, try services.mail())
        let store = SurveyStore(database: database)
        let added = try await store.add(campaign: settings.campaign, job: context.job.name,
                                        roster.members.map { member in
            SurveyStore.NewRecipient(email: member.email.address.lowercased(), address: member.email.description,
                                     name: member.name,
                                     tenantID: member.tenantID,
                                     token: SurveyToken.make(secret: secret, campaign: settings.campaign,
                                             email: member.email.address))
        })
        let standings = try await store.standings(campaign: settings.campaign)
        let due = SurveyPlan.due(standings.map { SurveyPlan.State(email: $0.email, status: $0.status,
                lastSentAt: $0.lastMailedFor, reminders: $0.reminders) },
                                 now: context.scheduledFor, reminderAfter: settings.reminderAfter,
                                 maxReminders: settings.maxReminders)
        let byEmail = Dictionary(standings.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
        let templates = TemplateFiles(directory: context.environment.templatesDirectory)
        var outgoing: [OutgoingMail] = []
        var recipients: [String] = []
        for (email, action) in due {
            guard let standing = byEmail[email] else { continue }
            let written = try MailAddress.parse(standing.address)
            let address = MailAddress(displayName: written.displayName ?? (standing.name.isEmpty ? nil : standing.name),
                                      localPart: written.localPart, domain: written.domain)
            let replyTo = context.program.replyTo
            let unsubscribe = settings.unsubscribe(token: standing.token, mailbox: replyTo ?? mail.sender)
            let model = ReportSources.withFooter(
                settings.model(for: standing, action: action, unsubscribe: unsubscribe.uri,
                               zone: context.program.baseline.timeZone),
                program: context.program, lead: "Technician survey on the AI ticket enhancements")
            let keySuffix: String
            let subject: String
            switch action {
            case .invite:
                keySuffix = "invite"
                subject = "Two minutes on the AI ticket enhancements?"
            case .remind(let number):
                keySuffix = "reminder-\(number)"
                subject = "Reminder: two minutes on the AI ticket enhancements?"
            }
            recipients.append(email)
            var message = mail.message(to: address, subject: subject,
                                       text: try templates.render(settings.template, .text, model),
                                       html: try templates.render(settings.template, .html, model))
            message.replyTo = replyTo
            message.listUnsubscribe = "<\(unsubscribe.uri)>"
            message.oneClickUnsubscribe = unsubscribe.oneClick
            outgoing.append(OutgoingMail(key: "survey:\(settings.campaign):\(email):\(keySuffix)",
                job: context.job.name,
                                         runID: context.runID, message: message))
        }
        let records = try await mail.dispatcher.deliver(outgoing)
        let mailed = zip(recipients, records).filter { $0.1.status == .sent }.map(\.0)
        try await store.markMailed(campaign: settings.campaign, emails: mailed, at: context.scheduledFor)
        let sent = mailed.count
        let failed = records.filter { $0.status == .failed || $0.status == .unknown }
        var summary = "campaign \(settings.campaign): \(roster.members.count) on the roster (\(added) new), "
            + "\(outgoing.count) due, \(sent) sent"
        if !failed.isEmpty { summary += ", \(failed.count) not delivered (see `survey status \(settings.campaign)`)" }
        guard roster.problems.isEmpty else {
            throw JobFailure("roster \(settings.rosterPath): \(roster.problems.count) bad line(s) left out: "
                + "\(roster.problems.map(\.description).joined(separator: "; "))",
                             output: summary)
        }
        return RunOutcome(output: summary)
    }
}
