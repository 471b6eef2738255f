import Config
import Logging
import Postgres

/// What job kinds may use besides their context: the database and mail, as configured.
public struct JobServices: Sendable {
    /// The runner's database (which also holds, or reaches, the platform's tables), nil for dry runs.
    public let database: Database?
    /// Mail, when it could be set up.
    public let mail: MailService?

    /// Creates the services.
    public init(database: Database?, mail: MailService?) {
        self.database = database
        self.mail = mail
    }
}
