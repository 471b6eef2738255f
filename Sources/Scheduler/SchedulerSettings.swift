import Config
import FoundationEssentials

/// Timings of leases, heartbeats and shutdown; defaults from PRODUCT.md section 6, overridable by
/// `RUNNER_HEARTBEAT`, `RUNNER_LEASE` and `RUNNER_SHUTDOWN_GRACE` (durations such as `10s`).
public struct SchedulerSettings: Sendable {
    /// How often running runs and the runner itself heartbeat (default 10 s).
    public var heartbeatInterval: Int = 10
    /// A run whose heartbeat is older than this is abandoned (default 30 s).
    public var lease: Int = 30
    /// How long SIGTERM waits for running jobs before releasing them (default 20 s, below Kubernetes' 30 s).
    public var shutdownGrace: Int = 20

    /// The defaults.
    public init() {}

    /// Reads the overrides, reporting bad values with the variable's name.
    public static func load(_ variables: [String: String]) throws(ConfigErrors) -> SchedulerSettings {
        var settings = SchedulerSettings()
        var errors: [ConfigError] = []
        func read(_ name: String, _ apply: (Int) -> Void) {
            guard let text = variables[name], !text.isEmpty else { return }
            guard let seconds = DurationText.seconds(text), (1...3600).contains(seconds) else {
                errors.append(ConfigError(file: "environment", field: name,
                                          message: "\"\(text.prefix(20))\" is not a duration from 1s to 1h, like 10s"))
                return
            }
            apply(seconds)
        }
        read("RUNNER_HEARTBEAT") { settings.heartbeatInterval = $0 }
        read("RUNNER_LEASE") { settings.lease = $0 }
        read("RUNNER_SHUTDOWN_GRACE") { settings.shutdownGrace = $0 }
        if settings.lease <= settings.heartbeatInterval {
            errors.append(ConfigError(file: "environment", field: "RUNNER_LEASE",
                                      message: "the lease (\(settings.lease)s) must be longer than the heartbeat "
                                          + "interval (\(settings.heartbeatInterval)s)"))
        }
        guard errors.isEmpty else { throw ConfigErrors(errors: errors) }
        return settings
    }
}
