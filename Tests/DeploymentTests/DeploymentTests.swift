import Foundation
import JSON
import Postgres
import Prometheus
import Testing
import TestSupport

/// `k8s/`: the ConfigMaps carry every job and template file, and the Grafana dashboard's queries run
/// against a real Prometheus (synthetic week) and the runner's real schema.
@Suite("Kubernetes manifests and the Grafana dashboard")
struct DeploymentTests {
    static let root = RunnerBinary.packageRoot
    static let platform = try! SyntheticPlatform(seed: 5, tenants: 2, days: 2, end: "2026-12-03")

    static func dashboard() throws -> JSONValue {
        try JSONParser.parse(String(contentsOfFile: root + "/k8s/base/grafana/baseline-dashboard.json",
            encoding: .utf8))
    }

    static func targets(type: String) throws -> [JSONValue] {
        try (dashboard()["panels"]?.arrayValue ?? []).flatMap { panel in
            (panel["targets"]?.arrayValue ?? []).filter { $0["datasource"]?["type"]?.stringValue == type }
        }
    }

    @Test func configMapsListEveryJobAndTemplateFile() throws {
        let kustomization = try String(contentsOfFile: Self.root + "/k8s/base/kustomization.yaml", encoding: .utf8)
        let listed = Set(kustomization.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.hasPrefix("- ../../") ? String(text.dropFirst(8)) : nil
        })
        let files = FileManager.default
        var expected: [String] = []
        for directory in ["Jobs", "Templates", "Templates/partials"] {
            for name in try files.contentsOfDirectory(atPath: Self.root + "/" + directory) where !name.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                files.fileExists(atPath: Self.root + "/\(directory)/\(name)", isDirectory: &isDirectory)
                if !isDirectory.boolValue { expected.append("\(directory)/\(name)") }
            }
        }
        #expect(expected.count > 15)
        let missing = expected.filter { !listed.contains($0) }
        #expect(missing.isEmpty, "not in a ConfigMap of k8s/base/kustomization.yaml: \(missing)")
        #expect(kustomization.contains("grafana/baseline-dashboard.json"))
    }

    @Test func checkedInCronJobsEqualWhatTheRunnerGenerates() throws {
        let generated = try RunnerBinary.run(["k8s", "cronjobs"],
                                             environment: ["JOBS_DIR": Self.root + "/Jobs",
                                                 "TEMPLATES_DIR": Self.root + "/Templates"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let checkedIn = try String(contentsOfFile: Self.root + "/k8s/cronjobs/cronjobs.yaml", encoding: .utf8)
        #expect(generated.stdout == checkedIn,
                "k8s/cronjobs/cronjobs.yaml is stale: run baseline-runner k8s cronjobs > k8s/cronjobs/cronjobs.yaml")
    }

    /// `kubectl kustomize` of each overlay, validated strictly against the Kubernetes schemas
    /// (kubernetes-validate, offline): serve has the Deployment and no CronJob; cronjobs one CronJob per job and
    /// no Deployment; the default kustomization is serve.
    @Test("each way to run builds and validates strictly", arguments: ["serve", "cronjobs", "."])
    func overlayBuildsAndValidatesStrictly(overlay: String) throws {
        let built = try Shell.capture("/usr/bin/env", ["kubectl", "kustomize", "--load-restrictor",
            "LoadRestrictionsNone", Self.root + "/k8s/" + overlay])
        #expect(built.status == 0, "\(built.stderr)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-\(UUID().uuidString).yaml").path
        try built.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let validated = try Shell.capture("/usr/bin/env", ["kubernetes-validate", "--strict", "--quiet", file])
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        let kinds = built.stdout.split(separator: "\n").filter { $0.hasPrefix("kind: ") }
            .map { String($0.dropFirst(6)) }
        let jobFiles = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Jobs")
            .filter { $0.hasSuffix(".json") && $0 != "program.json" && $0 != "backlog.json" }
        if overlay == "cronjobs" {
            #expect(kinds.filter { $0 == "CronJob" }.count == jobFiles.count)
            #expect(!kinds.contains("Deployment"))
        } else {
            #expect(kinds.filter { $0 == "Deployment" }.count == 1)
            #expect(!kinds.contains("CronJob"))
        }
        #expect(kinds.contains("ConfigMap") && kinds.contains("Job"),
            "the base (ConfigMaps, migration Job) is in every overlay")
    }

    /// The PrometheusRule's spec is a plain rules file: `promtool check rules`, then `promtool test rules` with
    /// Tests/DeploymentTests/rules/runner-alerts.test.yaml (each alert firing and not firing). The serve
    /// overlay probes over HTTP and exposes the metrics port; the cronjobs overlay drops the heartbeat alert.
    @Test func runnerAlertsPassPromtoolAndTheOverlaysWireTheEndpoint() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let extract = try Shell.capture("/usr/bin/env", ["python3", "-c", """
            import sys, yaml
            doc = yaml.safe_load(open(sys.argv[1]))
            yaml.safe_dump(doc["spec"], open(sys.argv[2], "w"))
            """, Self.root + "/k8s/base/prometheus-rule.yaml", directory + "/runner-alerts.rules.yaml"])
        #expect(extract.status == 0, "\(extract.stderr)")
        try FileManager.default.copyItem(atPath: Self.root + "/Tests/DeploymentTests/rules/runner-alerts.test.yaml",
                                         toPath: directory + "/runner-alerts.test.yaml")
        let check = try Shell.capture("/usr/bin/promtool", ["check", "rules", directory + "/runner-alerts.rules.yaml"])
        #expect(check.status == 0 && check.stdout.contains("4 rules found"), "\(check.stdout)\(check.stderr)")
        let test = try Shell.capture("/bin/sh", ["-c", "cd \"$0\" && promtool test rules runner-alerts.test.yaml",
                                                 directory])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        let serve = try Shell.capture("/usr/bin/env", ["kubectl", "kustomize", "--load-restrictor",
            "LoadRestrictionsNone", Self.root + "/k8s/serve"]).stdout
        #expect(serve.contains("httpGet: {path: /healthz") || serve.contains("path: /healthz"), "liveness over HTTP")
        #expect(serve.contains("path: /readyz") && !serve.contains("baseline-runner health"), "readiness over HTTP")
        #expect(serve.contains("kind: Service") && serve.contains("prometheus.io/port: \"9464\""))
        let cronjobs = try Shell.capture("/usr/bin/env", ["kubectl", "kustomize", "--load-restrictor",
            "LoadRestrictionsNone", Self.root + "/k8s/cronjobs"]).stdout
        #expect(cronjobs.contains("BaselineRunnerJobFailed") && !cronjobs.contains("BaselineRunnerNoHeartbeat"))
    }

    @Test func everyPrometheusQueryOfTheDashboardReturnsData() async throws {
        let targets = try Self.targets(type: "prometheus")
        #expect(targets.count >= 12)
        let client = PrometheusClient(baseURL: Self.platform.prometheus.url)
        let at = Date(timeIntervalSince1970: TimeInterval(Self.platform.manifest["end"]?.intValue ?? 0) - 3600)
        for target in targets {
            let expression = try #require(target["expr"]?.stringValue)
            let concrete = expression.replacingOccurrences(of: "$__range",
                    with: "1d").replacingOccurrences(of: "$__rate_interval", with: "5m")
                .replacingOccurrences(of: "$tenant", with: ".*")
            let series = try await client.query(concrete, at: at)
            #expect(!series.isEmpty, "no data for \(expression)")
            #expect(series.allSatisfy { $0.samples.allSatisfy { $0.value.isFinite } }, "not a number for \(expression)")
        }
    }

    @Test func everySQLQueryOfTheDashboardRunsOnTheRunnersSchema() throws {
        let migrate = try RunnerBinary.run(["migrate"], environment: ["DATABASE_URL": Self.platform.databaseURL])
        try #require(migrate.status == 0, "\(migrate.stderr)")
        let connection = try PostgresConnection(Self.platform.databaseURL)
        let targets = try Self.targets(type: "grafana-postgresql-datasource")
        #expect(targets.count >= 3)
        for target in targets {
            let sql = try #require(target["rawSql"]?.stringValue)
            let concrete = sql.replacingOccurrences(of: #"\$__timeFilter\((\w+)\)"#,
                    with: "$1 > now() - interval '30 days'", options: .regularExpression)
            #expect(throws: Never.self, "\(sql)") { _ = try connection.query(concrete) }
        }
    }
}
