import FoundationEssentials
import Logging
import Metrics
import MetricsHTTP
import Postgres
import Scheduler
import Store

/// What `serve` answers on `METRICS_ADDR` (PRODUCT.md section 11): `/metrics` from the registry,
/// `/healthz` from the scheduler loop's heartbeat, `/readyz` from a probe of the database every 2 s.
final class RunnerEndpoint: Sendable {
    let endpoint: HTTPEndpoint
    let databaseAnswered = LoopHeartbeat()

    /// Binds `address` (`METRICS_ADDR`); the loop is healthy while it ticked within `2 × heartbeat` seconds.
    init(address: String, metrics: MetricsRegistry, loop: LoopHeartbeat, heartbeat: Int) throws(EndpointError) {
        let answered = databaseAnswered
        endpoint = try HTTPEndpoint(address: address) { path in
            switch path {
            case "/metrics":
                return .init(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                             body: metrics.exposition())
            case "/healthz":
                guard let age = loop.age(), age <= Double(2 * heartbeat) else {
                    return .init(status: 503, body: "scheduler loop has not ticked within \(2 * heartbeat) s\n")
                }
                return .init(status: 200, body: "ok: last tick \(Int(age)) s ago\n")
            case "/readyz":
                guard let age = answered.age(), age <= 5 else {
                    return .init(status: 503, body: "the database has not answered within 5 s\n")
                }
                return .init(status: 200, body: "ok\n")
            default:
                return nil
            }
        }
    }

    /// Serves, and probes the database (its own connection) until the task is cancelled; refreshes the
    /// anomalies gauge every minute.
    func run(database: Database, metrics: MetricsRegistry, logger: Logger) async {
        endpoint.start()
        logger.info("metrics endpoint listening", ["port": "\(endpoint.port)"])
        var tick = 0
        while !Task.isCancelled {
            do {
                _ = try await database.withConnection { try $0.query("SELECT 1", name: "readiness") }
                databaseAnswered.beat()
                if tick % 30 == 0 {
                    let day = Date().addingTimeInterval(-86_400)
                    let anomalies = try await AnomalyStore(database: database).list(since: day)
                        .filter { !$0.excluded && ($0.detectedAt ?? .distantPast) >= day }
                    let counts = Dictionary(anomalies.map { ([$0.kind, $0.severity.rawValue], 1.0) },
                                            uniquingKeysWith: +)
                    metrics.replace("baseline_runner_anomalies", with: counts)
                    for (job, last) in try await RunStore(database: database).lastSuccesses() {
                        metrics.set("baseline_runner_job_last_success_timestamp_seconds", [job],
                                    last.timeIntervalSince1970)
                    }
                }
            } catch {
                logger.warning("readiness probe: the database did not answer", ["error": "\(error)"])
            }
            tick += 1
            try? await Task.sleep(for: .seconds(2))
        }
        endpoint.stop()
    }
}
