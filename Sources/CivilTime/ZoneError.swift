/// Why zone data could not be read: names the zone and what is wrong with its data.
public struct ZoneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The zone's name.
    public let zone: String
    /// What is wrong.
    public let reason: String

    /// Creates an error.
    public init(zone: String, reason: String) {
        self.zone = zone
        self.reason = reason
    }

    /// "time zone 'Mars/Olympus': no such zone in /usr/share/zoneinfo".
    public var description: String { "time zone '\(zone)': \(reason)" }
}
