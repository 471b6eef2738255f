import Foundation

/// A PostgreSQL server of a test's own (about a second to start), for tests that stop or restart it.
public final class TemporaryPostgresServer: @unchecked Sendable {
    /// Loopback port it listens on.
    public let port: Int
    /// Superuser URL (trust authentication).
    public var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }
    private let directory: String
    private let binaries: String

    /// Creates and starts a new cluster in a temporary directory.
    public init() throws {
        binaries = ProcessInfo.processInfo.environment["PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pg-\(UUID().uuidString.prefix(8))").path
        port = Self.freePort()
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        if getuid() == 0 {
            try Shell.run("/bin/chown", ["-R", "postgres:postgres", directory])
        }
        try runAsPostgres("initdb", ["-D", directory + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8",
                                     "--locale=C.UTF-8", "--no-sync"])
        try start()
        let (binaries, directory) = (binaries, directory)
        LeftoverReaper.shared.atExit(directory) {
            try? Self.runAsPostgres(binaries: binaries, "pg_ctl", ["-D", directory + "/data", "-m", "immediate",
                "stop"])
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    deinit {
        try? runAsPostgres("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
        LeftoverReaper.shared.cancelExitAction(directory)
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        try runAsPostgres("pg_ctl", ["-D", directory + "/data", "-w", "-l", directory + "/log",
                                     "-o", "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c fsync=off",
                                     "start"])
    }

    /// Stops the server at once, as a crash or failover would.
    public func stop() throws {
        try runAsPostgres("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "stop"])
    }

    private func runAsPostgres(_ tool: String, _ arguments: [String]) throws {
        try Self.runAsPostgres(binaries: binaries, tool, arguments)
    }

    private static func runAsPostgres(binaries: String, _ tool: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try Shell.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(binaries)/\(tool)"] + arguments)
        } else {
            try Shell.run("\(binaries)/\(tool)", arguments)
        }
    }

    /// A port nobody listens on right now.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = bind(fd, $0, length) }
        }
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
