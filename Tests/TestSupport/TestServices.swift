import Foundation
import Postgres

/// The services `scripts/test` starts, read from the environment it exports.
public enum TestServices {
    /// The application role's URL (NOSUPERUSER NOBYPASSRLS).
    public static var databaseURL: String { required("DATABASE_URL") }

    /// A superuser URL on the same server, for creating databases and platform tables.
    public static var adminDatabaseURL: String { required("ADMIN_DATABASE_URL") }

    private static func required(_ name: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            fatalError("\(name) is not set: run the tests through scripts/test, which starts PostgreSQL")
        }
        return value
    }

    /// Creates an empty database owned by the application role and returns the application role's URL
    /// for it, so a test can migrate or create tables without seeing any other test's state.
    public static func scratchDatabase(_ label: String) throws -> String {
        let name = "t_\(label.lowercased().filter { $0.isLetter || $0.isNumber })_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try PostgresConnection(adminDatabaseURL)
        try admin.query("CREATE DATABASE \(name) OWNER baseline_app")
        return replacingDatabase(in: databaseURL, with: name)
    }

    /// The admin URL for a database created by `scratchDatabase`.
    public static func adminURL(forScratch url: String) -> String {
        replacingDatabase(in: adminDatabaseURL, with: String(url.split(separator: "/").last!))
    }

    private static func replacingDatabase(in url: String, with name: String) -> String {
        var parts = url.split(separator: "/", omittingEmptySubsequences: false)
        parts[parts.count - 1] = Substring(name)
        return parts.joined(separator: "/")
    }
}
