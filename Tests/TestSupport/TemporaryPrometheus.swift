import Foundation

/// A real Prometheus on loopback, loaded with test data by `promtool tsdb create-blocks-from openmetrics`.
public final class TemporaryPrometheus: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`.
    public let url: String
    private let directory: String
    private let process: BackgroundProcess

    /// Backfills `openMetrics` (ending in `# EOF`) and starts Prometheus over it.
    public convenience init(openMetrics: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("om-\(UUID().uuidString).om").path
        try openMetrics.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try self.init(openMetricsFile: file)
    }

    /// Backfills the OpenMetrics file and starts Prometheus over it.
    public init(openMetricsFile: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prom-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        LeftoverReaper.shared.removeAtExit(directory)
        try "global:\n  scrape_interval: 15s\n".write(toFile: directory + "/prometheus.yml", atomically: true,
                                                      encoding: .utf8)
        // promtool parses the whole input once per block: the default 2 h blocks made a fortnight 168 passes
        // (3 min 18 s for 194 MB); one block for the whole span takes 5 s. The flag is hidden but stable.
        try Shell.run("/usr/bin/promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=8760h",
            openMetricsFile, directory + "/data"])
        let port = TemporaryPostgresServer.freePort()
        url = "http://127.0.0.1:\(port)"
        process = try BackgroundProcess("/usr/bin/prometheus", [
            "--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
            "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:\(port)",
            "--query.lookback-delta=5m",
        ], environment: [:], directory: directory)
        for _ in 0..<200 {
            if (try? Shell.capture("/usr/bin/curl", ["-sf", "\(url)/-/ready"]))?.status == 0 { return }
            usleep(50_000)
        }
        throw ShellError(message: "prometheus did not become ready: \(process.log.suffix(2000))")
    }

    deinit {
        process.send(SIGKILL)
        _ = process.wait(timeout: 5)
        try? FileManager.default.removeItem(atPath: directory)
    }
}
