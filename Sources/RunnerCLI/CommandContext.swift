import Config
import Jobs
import Scheduler
import Formatting
import FoundationEssentials
import Logging
import Metrics
import Postgres

/// What every command gets: the environment, a logger on standard error, and standard output for data.
struct CommandContext: Sendable {
    let variables: [String: String]
    let logger: Logger
    /// Built once: it parses `DATABASE_URL` with libpq, too costly to repeat per message.
    private let redactor: Redactor

    init(variables: [String: String]) {
        self.variables = variables
        let format = LogFormat(rawValue: variables["LOG_FORMAT"] ?? "json") ?? .json
        let level = LogLevel(rawValue: variables["LOG_LEVEL"] ?? "info") ?? .info
        redactor = Self.redactor(for: variables)
        self.logger = Logger(format: format, minimumLevel: level, redactor: redactor)
    }

    /// Every secret the environment holds, so no log line, stored output or mail can carry one.
    static func redactor(for variables: [String: String]) -> Redactor {
        var secrets = [variables["SMTP_PASSWORD"], variables["SURVEY_SECRET"]].compactMap { $0 }
        secrets += Redactor.secretValues(in: variables)
        if let url = variables["DATABASE_URL"], let password = ConnectionString(url).password {
            secrets.append(password)
            secrets.append(Format.percentEncoded(password))
            secrets.append(Format.percentEncoded(password, keeping: ""))
        }
        return Redactor(secrets: secrets)
    }

    /// Writes command data to standard output (never logs).
    func print(_ text: String) {
        StandardStream.write(text + "\n", to: StandardStream.output)
    }

    /// Writes text to standard output without adding a newline.
    func write(_ text: String) {
        StandardStream.write(text, to: StandardStream.output)
    }

    /// Writes a problem for the person at the terminal to standard error, redacted.
    func complain(_ text: String) {
        let redacted = redactor.redact(text)
        StandardStream.write(redacted + "\n", to: StandardStream.error)
    }

    /// Loads the environment settings, or reports them and returns `nil` (exit 2).
    func environment() -> RunnerEnvironment? {
        do {
            return try RunnerEnvironment.load(variables)
        } catch {
            error.errors.forEach { complain("error: \($0)") }
            return nil
        }
    }

    /// `DATABASE_URL`, or a complaint and `nil` (exit 2).
    func databaseURL() -> String? {
        guard let url = variables["DATABASE_URL"], !url.isEmpty else {
            complain("error: DATABASE_URL is not set; set it to a libpq URI like postgresql://user@host:5432/db")
            return nil
        }
        if let problem = ConnectionString(url).configurationProblem {
            complain("error: \(problem); write a libpq URI like postgresql://user@host:5432/db or key=value pairs")
            return nil
        }
        return url
    }
}

extension CommandContext {
    /// The environment and validated job catalog, or every problem reported and `nil` (exit 2).
    func configuration() -> (RunnerEnvironment, JobCatalog)? {
        guard let environment = environment() else { return nil }
        do {
            return (environment, try JobCatalog.load(jobsDirectory: environment.jobsDirectory,
                                                     templatesDirectory: environment.templatesDirectory))
        } catch {
            error.errors.forEach { complain("error: \($0)") }
            complain("the job files are invalid; run 'baseline-runner validate' for details")
            return nil
        }
    }

    /// The named job, or a complaint listing the declared ones and `nil` (exit 2).
    func job(_ name: String, in catalog: JobCatalog) -> JobDefinition? {
        guard let job = catalog.job(named: name) else {
            complain("error: unknown job '\(name)'; declared jobs: \(catalog.jobs.map(\.name).joined(separator: ", "))")
            return nil
        }
        return job
    }
}

extension CommandContext {
    /// Mail as configured, or a complaint and nil (exit 2) when it cannot be set up: an outbox that
    /// cannot be created or written is a configuration error, like a bad `MAIL_FROM`.
    func mailService(environment: RunnerEnvironment, database: Database,
                     metrics: MetricsRegistry? = nil) -> MailService? {
        do {
            return try MailService(environment: environment, database: database, logger: logger, metrics: metrics)
        } catch {
            complain("error: mail cannot be set up: \(error)")
            return nil
        }
    }

    /// What job kinds use: the database and mail (nil for a dry run, which mails nothing).
    func executors(environment: RunnerEnvironment, database: Database,
                   mail: MailService?) -> @Sendable (JobKind) -> any JobExecutor {
        let services = JobServices(database: database, mail: mail)
        return { JobKinds.executor(for: $0, services: services) }
    }

    /// Mails failure notices through `mail`; without mail, failures are still recorded and logged.
    func failureNotifier(environment: RunnerEnvironment, catalog: JobCatalog,
                         mail: MailService?) -> @Sendable (RunFailure) async -> Void {
        guard let mail else {
            let logger = self.logger
            return { failure in
                logger.error("failure notice not sent (mail unavailable)",
                             ["job": failure.job.name, "error": failure.error])
            }
        }
        let notifier = FailureNotifier(mail: mail, program: catalog.program,
                                       templatesDirectory: environment.templatesDirectory, logger: logger)
        return { await notifier.notify($0) }
    }
}
