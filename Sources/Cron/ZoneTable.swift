import Foundation

/// A time zone's UTC offsets as a sorted table of transitions, for fast offset look-ups.
///
/// Built once per zone from Foundation's zone data for 1900-2200 and cached: a look-up is a binary
/// search instead of an ICU call, which keeps `CronSchedule.next(after:)` in the sub-microsecond range.
/// Outside that span the nearest known offset applies.
public final class ZoneTable: Sendable {
    /// The zone's identifier.
    public let identifier: String
    /// Instants (Unix seconds) at which the offset changes, ascending.
    let transitions: [Int]
    /// `offsets[i]` applies before `transitions[i]` and from `transitions[i-1]`; one more than transitions.
    let offsets: [Int]

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: ZoneTable] = [:]

    /// The table for a zone, built on first use.
    public static func table(for zone: TimeZone) -> ZoneTable {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[zone.identifier] { return cached }
        let table = ZoneTable(zone)
        cache[zone.identifier] = table
        return table
    }

    private init(_ zone: TimeZone) {
        identifier = zone.identifier
        let start = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
        let end = 7_258_118_400.0                                // 2200-01-01
        var transitions: [Int] = []
        var offsets = [zone.secondsFromGMT(for: start)]
        var cursor = start
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < end {
            let offset = zone.secondsFromGMT(for: next)
            if offset != offsets.last {
                transitions.append(Int(next.timeIntervalSince1970.rounded()))
                offsets.append(offset)
            }
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// The index into `offsets` in effect at `instant`: the number of transitions at or before it.
    func segment(containing instant: Int) -> Int {
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
}

extension ZoneTable {
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
