import CivilTime
import Config
import Cron
import FoundationEssentials
import JSON
import Logging
import Mail
import MIME
import Program
import Scheduler
import Templates

/// Mails `notifyOnFailure` once per failed firing, from the `failure-notice` templates.
///
/// The delivery key is (job, scheduled_for, recipient): a retry or a `--force` re-run of the same firing
/// mails nothing new.
public struct FailureNotifier: Sendable {
    let mail: MailService
    let program: ProgramDefinition
    let templatesDirectory: String
    let logger: Logger

    /// Creates a notifier.
    public init(mail: MailService, program: ProgramDefinition, templatesDirectory: String, logger: Logger) {
        self.mail = mail
        self.program = program
        self.templatesDirectory = templatesDirectory
        self.logger = logger
    }

    /// Sends the notice for a final failure.
    public func notify(_ failure: RunFailure) async {
        let recipients = MailService.resolve(failure.job.notifyOnFailure, groups: program.recipients)
        guard !recipients.isEmpty else { return }
        let firing = HumanTime.dateTime(Int(failure.scheduledFor.timeIntervalSince1970), in: failure.job.timeZone)
        let status = failure.status.replacing("_", with: " ")
        let content = JSONValue.object(JSONObject([
            ("title", .string("The job \(failure.job.name) failed")),
            ("job", .string(failure.job.name)), ("scheduled_for", .string(firing)), ("status", .string(status)),
            ("attempt", .int(failure.attempt)), ("attempts", .int(failure.job.retries + 1)), ("error",
                    .string(failure.error)),
            ("output", .string(failure.output ?? "")),
        ]))
        let model = ReportSources.withFooter(content, program: program, lead: "Failure notice for \(failure.job.name)")
        do {
            let templates = TemplateFiles(directory: templatesDirectory)
            let text = try templates.render("failure-notice", .text, model)
            let html = try templates.render("failure-notice", .html, model)
            let subject = "Job \(failure.job.name) failed (\(status), firing of \(firing))"
            let mails = recipients.map { recipient in
                OutgoingMail(key: "failure:\(failure.job.name):\(TimeText.format(failure.scheduledFor, in: Zone.utc)):"
                                 + recipient.address.lowercased(),
                             job: failure.job.name, runID: failure.runID,
                             message: mail.message(to: recipient, subject: subject, text: text, html: html))
            }
            _ = try await mail.dispatcher.deliver(mails)
        } catch {
            logger.error("cannot send the failure notice", ["job": failure.job.name, "error": "\(error)"])
        }
    }

}
