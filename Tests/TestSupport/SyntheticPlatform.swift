import Foundation
import JSON
import Postgres

/// Data from `scripts/synth.py` loaded into a real Prometheus and a scratch PostgreSQL database (platform
/// tables owned by the superuser, under RLS, readable by the application role).
public final class SyntheticPlatform: @unchecked Sendable {
    /// The application role's URL of the database holding the platform tables.
    public let databaseURL: String
    /// The Prometheus holding the metrics.
    public let prometheus: TemporaryPrometheus
    /// The generator's manifest: tenants, planted anomalies, daily ground truth.
    public let manifest: JSONValue

    /// Generates and loads data; `arguments` go to synth.py (for example `--plant`).
    public init(seed: Int, tenants: Int, days: Int, end: String, arguments: [String] = []) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try Shell.capture("/usr/bin/env",
                                       ["python3", RunnerBinary.packageRoot + "/scripts/synth.py", "--seed", "\(seed)",
                                                        "--tenants", "\(tenants)", "--days", "\(days)", "--end", end,
                                                        "--out", directory] + arguments)
        guard output.status == 0 else { throw ShellError(message: "synth.py failed: \(output.stderr)") }
        manifest = try JSONParser.parse(try String(contentsOfFile: directory + "/manifest.json", encoding: .utf8))
        databaseURL = try TestServices.scratchDatabase("platform")
        let admin = try PostgresConnection(TestServices.adminURL(forScratch: databaseURL))
        try admin.executeScript(try String(contentsOfFile: directory + "/platform.sql", encoding: .utf8),
                                name: "load platform.sql")
        prometheus = try TemporaryPrometheus(openMetricsFile: directory + "/metrics.om")
    }
}
