import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import MIME

/// The runner's settings from environment variables (PRODUCT.md section 3); secrets come only from here.
public struct RunnerEnvironment: Sendable {
    /// libpq URI or conninfo; required by commands that use the database.
    public let databaseURL: String?
    /// Base URL of Prometheus's HTTP API.
    public let prometheusURL: String?
    /// `smtp://` or `smtps://`; without it mail goes to `outboxDirectory`.
    public let smtpURL: String?
    /// STARTTLS is required on `smtp://` unless `SMTP_STARTTLS=off`.
    public let smtpStartTLS: Bool
    /// SMTP AUTH user name.
    public let smtpUsername: String?
    /// SMTP AUTH password: never logged.
    public let smtpPassword: String?
    /// CA bundle for verifying the SMTP server; the system store when unset.
    public let smtpCAFile: String?
    /// The `From` address.
    public let mailFrom: MailAddress?
    /// Where `.eml` files go when `SMTP_URL` is unset.
    public let outboxDirectory: String
    /// Delivery attempts per message (`MAIL_MAX_ATTEMPTS`, default 4).
    public let mailMaxAttempts: Int
    /// First retry delay in seconds (`MAIL_RETRY_BACKOFF`, default 2s, doubling).
    public let mailRetryBackoff: Int
    /// Job declarations.
    public let jobsDirectory: String
    /// Templates.
    public let templatesDirectory: String
    /// This process's identity in leases and run records.
    public let runnerID: String
    /// Log line format.
    public let logFormat: String
    /// Key for survey tokens: never logged.
    public let surveySecret: String?

    /// Reads the variables, reporting every bad one.
    public static func load(_ variables: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigErrors) -> RunnerEnvironment {
        var errors: [ConfigError] = []
        func fail(_ name: String, _ message: String) {
            errors.append(ConfigError(file: "environment", field: name, message: message))
        }
        func value(_ name: String) -> String? {
            guard let value = variables[name], !value.isEmpty else { return nil }
            return value
        }

        let smtpURL = value("SMTP_URL")
        if let smtpURL, !(smtpURL.hasPrefix("smtp://") || smtpURL.hasPrefix("smtps://")) {
            fail("SMTP_URL", "must start with smtp:// (STARTTLS) or smtps:// (TLS), found \"\(smtpURL.prefix(12))...\"")
        }
        var startTLS = true
        switch value("SMTP_STARTTLS")?.lowercased() {
        case nil, "on", "true", "1", "required": startTLS = true
        case "off", "false", "0": startTLS = false
        case let other?: fail("SMTP_STARTTLS", "\"\(other)\" is not on or off")
        }
        var mailFrom: MailAddress?
        if let from = value("MAIL_FROM") {
            do { mailFrom = try MailAddress.parse(from) } catch { fail("MAIL_FROM", "\(error)") }
        }
        var maxAttempts = 4
        if let text = value("MAIL_MAX_ATTEMPTS") {
            if let n = Int(text), (1...100).contains(n) { maxAttempts = n } else { fail("MAIL_MAX_ATTEMPTS",
                    "\"\(text)\" is not a number 1-100") }
        }
        var backoff = 2
        if let text = value("MAIL_RETRY_BACKOFF") {
            if let seconds = DurationText.seconds(text), (1...3600).contains(seconds) {
                backoff = seconds
            } else {
                fail("MAIL_RETRY_BACKOFF", "\"\(text.prefix(20))\" is not a duration from 1s to 1h, like 2s")
            }
        }
        let logFormat = value("LOG_FORMAT") ?? "json"
        if logFormat != "json" && logFormat != "text" { fail("LOG_FORMAT", "\"\(logFormat)\" is not json or text") }
        if let ca = value("SMTP_CA_FILE"), !FileManager.default.isReadableFile(atPath: ca) {
            fail("SMTP_CA_FILE", "\(ca) cannot be read")
        }
        guard errors.isEmpty else { throw ConfigErrors(errors: errors) }
        return RunnerEnvironment(
            databaseURL: value("DATABASE_URL"), prometheusURL: value("PROMETHEUS_URL"), smtpURL: smtpURL,
            smtpStartTLS: startTLS, smtpUsername: value("SMTP_USERNAME"), smtpPassword: value("SMTP_PASSWORD"),
            smtpCAFile: value("SMTP_CA_FILE"), mailFrom: mailFrom, outboxDirectory: value("OUTBOX_DIR") ?? "out/outbox",
            mailMaxAttempts: maxAttempts, mailRetryBackoff: backoff, jobsDirectory: value("JOBS_DIR") ?? "Jobs",
            templatesDirectory: value("TEMPLATES_DIR") ?? "Templates",
            runnerID: value("RUNNER_ID") ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())",
            logFormat: logFormat, surveySecret: value("SURVEY_SECRET"))
    }
}
