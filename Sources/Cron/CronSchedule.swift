import CivilTime
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A cron expression in a time zone: computes fire times with the DST rules of PRODUCT.md section 5.
///
/// Fields match the zone's wall clock. An interval-like job (every hour in its hour field) fires at each
/// matching instant that exists. A time-of-day-like job fires once, at the first instant after a
/// spring-forward gap, for matches inside the gap, and only at the first occurrence of a repeated time.
public struct CronSchedule: Sendable, CustomStringConvertible {
    /// The parsed expression.
    public let expression: CronExpression
    /// The zone whose wall clock the fields match.
    public let timeZone: Zone
    private var zone: Zone { timeZone }

    /// How far ahead a search looks before concluding there is no further firing.
    public static let searchHorizon = 5 * 366 * 86_400

    /// Creates a schedule.
    public init(_ expression: CronExpression, timeZone: Zone) {
        self.expression = expression
        self.timeZone = timeZone
    }

    /// Parses `text` and creates a schedule.
    public init(parsing text: String, timeZone: Zone) throws(CronError) {
        self.init(try CronParser.parse(text), timeZone: timeZone)
    }

    /// "30 6 * * * (America/New_York)".
    public var description: String { "\(expression.source) (\(timeZone.identifier))" }

    /// The first fire time strictly after `date`, or `nil` when there is none within five years.
    public func next(after date: Date) -> Date? {
        let first = Int(floor(date.timeIntervalSince1970)) + 1
        return next(onOrAfter: first).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Up to `count` fire times strictly after `date`, within five years of it.
    public func fireTimes(after date: Date, count: Int) -> [Date] {
        var result: [Date] = []
        var cursor = Int(floor(date.timeIntervalSince1970)) + 1
        let horizon = cursor + Self.searchHorizon
        while result.count < count, let instant = next(onOrAfter: cursor, horizon: horizon) {
            result.append(Date(timeIntervalSince1970: TimeInterval(instant)))
            cursor = instant + 1
        }
        return result
    }

    /// The first fire instant (Unix seconds) at or after `first`, no later than `horizon`.
    func next(onOrAfter first: Int, horizon: Int? = nil) -> Int? {
        let limit = horizon ?? first + Self.searchHorizon
        let intervalLike = expression.isIntervalLike
        var segment = zone.segment(containing: first)
        var offset = zone.offsets[segment]
        var lowLocal = first + offset
        if segment > 0 {
            let transition = zone.transitions[segment - 1]
            let previous = zone.offsets[segment - 1]
            if !intervalLike && previous > offset {
                lowLocal = max(lowLocal, transition + previous)  // skip the repeated wall-clock times
            } else if !intervalLike && previous < offset && transition == first,
                      expression.nextMatch(onOrAfter: transition + previous, notAfter: transition + offset - 1) != nil {
                return first  // a match in the gap that ends exactly at `first`
            }
        }
        while true {
            let segmentEnd = segment < zone.transitions.count ? zone.transitions[segment] : Int.max
            let lastInstant = min(segmentEnd - 1, limit)
            if lowLocal <= lastInstant + offset,
               let local = expression.nextMatch(onOrAfter: lowLocal, notAfter: lastInstant + offset) {
                return local - offset
            }
            guard segmentEnd <= limit else { return nil }
            let newOffset = zone.offsets[segment + 1]
            if newOffset > offset {
                // Spring forward: wall-clock times [end + offset, end + newOffset) do not exist.
                if !intervalLike,
                   expression.nextMatch(onOrAfter: segmentEnd + offset, notAfter: segmentEnd + newOffset - 1) != nil {
                    return segmentEnd
                }
                lowLocal = segmentEnd + newOffset
            } else {
                // Fall back: wall-clock times [end + newOffset, end + offset) come again.
                lowLocal = intervalLike ? segmentEnd + newOffset : segmentEnd + offset
            }
            segment += 1
            offset = newOffset
        }
    }
}
