import Foundation

/// A temporary `JOBS_DIR`/`TEMPLATES_DIR` pair with a valid program and job, which tests then break.
struct JobsFixture {
    let root: String
    var jobsDirectory: String { root + "/Jobs" }
    var templatesDirectory: String { root + "/Templates" }

    static let program = """
        {
          "baseline": { "start": "2026-11-30", "days": 7, "timezone": "America/New_York" },
          "recipients": { "ops": ["Ops <ops@example.com>"], "stakeholders": ["pm@example.com"] }
        }
        """

    static let job = """
        {
          "name": "daily-check",
          "kind": "data-quality",
          "schedule": "30 6 * * *",
          "timezone": "America/New_York",
          "notifyOnFailure": ["ops"],
          "params": { "to": ["stakeholders"] }
        }
        """

    init(program: String = Self.program, files: [String: String] = ["daily-check.json": Self.job]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/Jobs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/Templates", withIntermediateDirectories: true)
        try program.write(toFile: root + "/Jobs/program.json", atomically: true, encoding: .utf8)
        for (name, text) in files {
            try text.write(toFile: root + "/Jobs/" + name, atomically: true, encoding: .utf8)
        }
        for name in ["failure-notice", "data-quality-alert", "custom"] {
            for ext in ["txt", "html"] {
                try "{{job}}".write(toFile: root + "/Templates/\(name).\(ext).mustache", atomically: true,
                                    encoding: .utf8)
            }
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
