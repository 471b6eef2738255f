import Config
import Logging
import Postgres
import Scheduler

/// What job kinds may use besides their context: the database and mail, as configured.
public struct JobServices: Sendable {
    /// The runner's database (which also holds, or reaches, the platform's tables).
    public let database: Database
    private let configuredMail: MailService?

    /// Creates the services; `mail` is nil where nothing may be mailed (a dry run).
    public init(database: Database, mail: MailService?) {
        self.database = database
        self.configuredMail = mail
    }

    /// Mail, for a recorded run (`RunContext.mode`): a kind asks only when it is about to send, so a run
    /// that should mail and cannot fails loudly instead of skipping its mail.
    public func mail() throws -> MailService {
        guard let configuredMail else { throw JobFailure("mail is not set up (SMTP_URL or OUTBOX_DIR)") }
        return configuredMail
    }
}
