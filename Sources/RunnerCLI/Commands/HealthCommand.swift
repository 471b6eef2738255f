import Formatting
import FoundationEssentials
import Postgres
import Scheduler
import Store

/// `health`: exit 0 when the database answers (a probe for Kubernetes).
enum HealthCommand {
    static let spec = CommandSpec(
        path: ["health"], summary: "exit 0 when the database answers and this host's scheduler heartbeat is fresh",
        usage: "health",
        details: """
            Connects to DATABASE_URL with a 5 second timeout. When a 'serve' process runs on this host, its
            heartbeat must also be younger than the lease (RUNNER_LEASE, default 30s): a stuck scheduler fails.
            """,
        options: [], positionals: 0...0, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let url = context.databaseURL() else { return .usage }
        let database = Database(ConnectionString(url).withDefaultConnectTimeout(seconds: 5))
        do {
            _ = try await database.query("SELECT 1", name: "health")
            let lease = (try? SchedulerSettings.load(context.variables))?.lease ?? SchedulerSettings().lease
            if let age = try? await RunnerRegistry(database: database)
                .heartbeatAge(host: ProcessInfo.processInfo.hostName),
               age > Double(lease) {
                context.logger.error("scheduler heartbeat is stale",
                                     ["age_s": Format.fixed(age, 1), "lease_s": "\(lease)"])
                return .failure
            }
            context.print("ok")
            return .success
        } catch {
            context.logger.error("health check failed", ["error": "\(error)"])
            return .failure
        }
    }
}
