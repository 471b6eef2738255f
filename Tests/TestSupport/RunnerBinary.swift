import Foundation

/// The built `baseline-runner` executable, run as a real process.
public enum RunnerBinary {
    /// The package's root directory.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift")
                .path) { return url.path }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The executable next to the test bundle (same build configuration), else `.build/debug`.
    public static let path: String = {
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            let candidate = bundle.appendingPathComponent("baseline-runner").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return packageRoot + "/.build/debug/baseline-runner"
    }()

    /// Runs `baseline-runner` with the given arguments; `environment` entries override inherited ones
    /// (an empty string removes a variable).
    public static func run(_ arguments: [String], environment: [String: String] = [:],
                           directory: String? = nil) throws -> Shell.Output {
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment {
            if value.isEmpty { merged.removeValue(forKey: key) } else { merged[key] = value }
        }
        return try Shell.capture(path, arguments, environment: merged, directory: directory ?? packageRoot)
    }
}
