import Postgres

/// `health`: exit 0 when the database answers (a probe for Kubernetes).
enum HealthCommand {
    static let spec = CommandSpec(
        path: ["health"], summary: "exit 0 when the database answers",
        usage: "health",
        details: "Connects to DATABASE_URL with a 5 second timeout and runs a trivial query.",
        options: [], positionals: 0...0, run: run)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) async -> ExitStatus {
        guard let url = context.databaseURL() else { return .usage }
        let database = Database(ConnectionString(url).withDefaultConnectTimeout(seconds: 5))
        do {
            _ = try await database.query("SELECT 1", name: "health")
            context.print("ok")
            return .success
        } catch {
            context.logger.error("health check failed", ["error": "\(error)"])
            return .failure
        }
    }
}
