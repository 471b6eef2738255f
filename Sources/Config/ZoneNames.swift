import Foundation

/// Resolves IANA zone names strictly (no abbreviations like `EST`, no `GMT+5`).
public enum ZoneNames {
    /// The zone with this IANA name, or `nil`.
    public static func zone(named name: String) -> TimeZone? { FieldReader.zone(named: name) }

    /// The zone's name for people: `UTC` rather than Foundation's `GMT`.
    public static func name(of zone: TimeZone) -> String {
        zone.identifier == "GMT" ? "UTC" : zone.identifier
    }
}
