import Config
import Testing

@Suite("Environment and durations")
struct EnvironmentAndDurationTests {
    @Test("durations parse", arguments: [("90s", 90), ("15m", 900), ("6h", 21_600), ("7d", 604_800), ("1h30m", 5400), ("0s", 0)])
    func durationsParse(text: String, seconds: Int) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test("bad durations are refused", arguments: ["", "15", "m", "1.5h", "15 m", "30m1h", "1m1m", "-5s", "1w"])
    func badDurationsAreRefused(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test func durationsFormatShortest() {
        #expect(DurationText.format(5400) == "1h30m")
        #expect(DurationText.format(86_401) == "1d1s")
    }

    @Test func defaultsApplyWhenVariablesAreUnset() throws {
        let environment = try RunnerEnvironment.load([:])
        #expect(environment.outboxDirectory == "out/outbox")
        #expect(environment.jobsDirectory == "Jobs")
        #expect(environment.templatesDirectory == "Templates")
        #expect(environment.smtpStartTLS)
        #expect(environment.mailMaxAttempts == 4)
        #expect(environment.mailRetryBackoff == 2)
        #expect(environment.runnerID.contains("-"))
    }

    @Test("bad variables are reported by name", arguments: [
        ("MAIL_FROM", "reports@example.com\r\nBcc: x@y.z", "control character"),
        ("MAIL_FROM", "not an address", "no '@'"),
        ("SMTP_URL", "http://mail.example.com", "smtp://"),
        ("SMTP_STARTTLS", "maybe", "on or off"),
        ("LOG_FORMAT", "xml", "json or text"),
        ("MAIL_MAX_ATTEMPTS", "0", "1-100"),
        ("MAIL_RETRY_BACKOFF", "2", "duration"),
        ("SMTP_CA_FILE", "/nonexistent/ca.pem", "cannot be read"),
    ])
    func badVariablesAreReported(name: String, value: String, message: String) {
        let error = #expect(throws: ConfigErrors.self) { try RunnerEnvironment.load([name: value]) }
        let match = error?.errors.first { $0.field == name }
        #expect(match?.file == "environment")
        #expect(match?.message.contains(message) == true, "\(error?.description ?? "")")
    }
}
