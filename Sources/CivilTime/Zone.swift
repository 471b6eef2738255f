/// A time zone as a sorted table of UTC-offset transitions: fast offset look-ups and the local-time rules
/// of PRODUCT.md section 5, without ICU.
///
/// Built from TZif data (`Zone.parse(tzif:identifier:)`) with the zone's rule for later years expanded up
/// to 2200; outside the table the nearest known offset applies. Immutable and shared.
public final class Zone: Sendable, Hashable, CustomStringConvertible {
    /// The zone's IANA name (`America/New_York`, `UTC`).
    public let identifier: String
    /// Instants (Unix seconds) at which the offset changes, ascending.
    public let transitions: [Int]
    /// `offsets[i]` applies before `transitions[i]` and from `transitions[i-1]`; one more than transitions.
    public let offsets: [Int]

    /// The abbreviation people read for an offset (`-18000: "EST"`), the newest one the zone used for it.
    public let abbreviations: [Int: String]

    /// Coordinated Universal Time.
    public static let utc = Zone(identifier: "UTC", transitions: [], offsets: [0], abbreviations: [0: "UTC"])

    /// The instant up to which a zone's rule is expanded into the table: 2200-01-01T00:00:00Z.
    public static let tableEnd = 7_258_118_400

    /// Creates a zone from a table; `offsets.count` must be `transitions.count + 1`.
    public init(identifier: String, transitions: [Int], offsets: [Int], abbreviations: [Int: String] = [:]) {
        precondition(offsets.count == transitions.count + 1, "a zone needs one more offset than transitions")
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
        self.abbreviations = abbreviations
    }

    /// The zone's abbreviation at `instant` (`EST`, `CET`, `+03`), or `UTC−5` when the zone data has none.
    public func abbreviation(at instant: Int) -> String {
        let offset = offset(at: instant)
        if let name = abbreviations[offset] { return name }
        let sign = offset < 0 ? "−" : "+"
        let minutes = abs(offset) / 60
        let fraction = minutes % 60 == 0 ? "" : ":" + String(minutes % 60 + 100).dropFirst()
        return "UTC" + sign + "\(minutes / 60)" + fraction
    }

    /// The zone's name.
    public var description: String { identifier }

    /// Zones are equal when their names are.
    public static func == (lhs: Zone, rhs: Zone) -> Bool { lhs.identifier == rhs.identifier }

    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// The index into `offsets` in effect at `instant`: the number of transitions at or before it.
    public func segment(containing instant: Int) -> Int {
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The UTC offset in seconds at `instant` (Unix seconds).
    public func offset(at instant: Int) -> Int { offsets[segment(containing: instant)] }

    /// The instant a wall-clock time (local seconds) denotes: its first occurrence when the time is
    /// repeated, and the first instant after the gap when it does not exist (the spring-forward rule).
    public func instant(forLocal local: Int) -> Int {
        let guess = segment(containing: local - offset(at: local))
        var best: Int?
        for candidate in max(0, guess - 1)...min(offsets.count - 1, guess + 1) {
            let instant = local - offsets[candidate]
            if segment(containing: instant) == candidate { best = min(best ?? instant, instant) }
        }
        if let best { return best }
        // In a gap: the transition whose skipped range holds `local`.
        for index in max(0, guess - 1)...min(transitions.count - 1, guess + 1) where index >= 0 {
            let start = transitions[index] + offsets[index]
            let end = transitions[index] + offsets[index + 1]
            if local >= start && local < end { return transitions[index] }
        }
        return local - offsets[guess]
    }
}
