import Foundation

/// Resolves IANA zone names strictly (no abbreviations like `EST`, no `GMT+5`).
public enum ZoneNames {
    /// The zone with this IANA name, or `nil`.
    public static func zone(named name: String) -> TimeZone? { FieldReader.zone(named: name) }
}
