import CivilTime
import FoundationEssentials
import Synchronization

/// The system's IANA time zone database (TZif files under `TZDIR`, default `/usr/share/zoneinfo`, from
/// Debian's `tzdata`): zones by strict IANA name, read once and cached.
///
/// Names are `UTC` or `Area/Location` with an IANA area (`America/New_York`, `Etc/GMT+5`);
/// abbreviations (`EST`) and legacy aliases (`Japan`) are refused, since they are ambiguous in a job file.
public final class ZoneDatabase: Sendable {
    /// The directory the zones are read from.
    public let directory: String
    private let cache = Mutex<[String: Zone]>(["UTC": .utc])

    /// The IANA areas a zone name may start with.
    public static let areas: Set<String> = ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic",
                                            "Australia", "Europe", "Etc", "Indian", "Pacific"]

    /// The database of this process: `TZDIR` when set, else `/usr/share/zoneinfo`.
    public static let system = ZoneDatabase(
        directory: ProcessInfo.processInfo.environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/usr/share/zoneinfo")

    /// A database reading from `directory`.
    public init(directory: String) { self.directory = directory }

    /// The zone named `name`, read from its TZif file on first use.
    public func zone(named name: String) throws(ZoneError) -> Zone {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        guard Self.isWellFormed(name) else {
            throw ZoneError(zone: name, reason: "not an IANA zone name; use UTC or Area/Location such as "
                + "America/New_York")
        }
        let path = directory + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZoneError(zone: name, reason: "no such zone in \(directory) (is the tzdata package installed?)")
        }
        let zone = try Zone.parse(tzif: [UInt8](data), identifier: name)
        return cache.withLock { cache in
            if let raced = cache[name] { return raced }
            cache[name] = zone
            return zone
        }
    }

    /// `UTC`, or `Area/Location[/Sub]` with a known area and name characters only (no `..`, no spaces).
    static func isWellFormed(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, areas.contains(String(parts[0])) else { return false }
        return parts.dropFirst().allSatisfy { part in
            !part.isEmpty && part != "." && part != ".." && part.utf8.allSatisfy { c in
                (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 45 || c == 43
            }
        }
    }
}
