extension Zone {
    /// Reads a zone from TZif data (RFC 8536, versions 1 to 4): the 64-bit transition table when present,
    /// then the footer's POSIX rule expanded year by year up to `tableEnd`.
    ///
    /// Leap-second records are refused (a `right/` zone counts TAI seconds, not Unix seconds).
    public static func parse(tzif bytes: [UInt8], identifier: String) throws(ZoneError) -> Zone {
        func fail(_ reason: String) -> ZoneError { ZoneError(zone: identifier, reason: reason) }
        var reader = TZifReader(bytes: bytes)
        guard let magic = reader.read(4), magic == Array("TZif".utf8), let version = reader.read(1)?.first,
              reader.read(15) != nil, var header = reader.header() else {
            throw fail("not TZif data (no 'TZif' header)")
        }
        var timeSize = 4
        if version >= UInt8(ascii: "2") {
            guard reader.skip(header.v1BodySize), reader.read(20) != nil, let v2 = reader.header() else {
                throw fail("TZif data cut short in the version 1 part")
            }
            header = v2
            timeSize = 8
        }
        guard header.leapCount == 0 else { throw fail("leap-second data is not supported; use the zone without "
            + "'right/'") }
        guard header.typeCount > 0 else { throw fail("TZif data declares no local time types") }
        guard let times = reader.integers(count: header.timeCount, size: timeSize),
              let indices = reader.read(header.timeCount),
              let types = reader.read(header.typeCount * 6),
              let characters = reader.read(header.charCount),
              reader.skip(header.isStdCount + header.isUTCCount) else {
            throw fail("TZif data cut short in the transition table")
        }
        let typeOffsets = (0..<header.typeCount).map { (i: Int) -> Int in
            var raw: UInt32 = 0
            for byte in types[(i * 6)..<(i * 6 + 4)] { raw = raw << 8 | UInt32(byte) }
            return Int(Int32(bitPattern: raw))
        }
        // RFC 8536 3.2: utoff SHOULD be within −24:59:59 and +25:59:59; wilder values are corrupt data whose
        // local times would be nonsense (found by fuzzing).
        if let wild = typeOffsets.first(where: { !(-89_999...93_599).contains($0) }) {
            throw fail("local time type offset \(wild) s is beyond −24:59:59…+25:59:59")
        }
        let typeNames = (0..<header.typeCount).map { (i: Int) -> String? in
            let start = Int(types[i * 6 + 5])
            guard start < characters.count else { return nil }
            let end = characters[start...].firstIndex(of: 0) ?? characters.count
            return String(decoding: characters[start..<end], as: UTF8.self)
        }
        // The newest name wins for an offset (EDT over the war-time EWT, both −4 h in New York).
        var abbreviations: [Int: String] = [:]
        for index in [0] + indices.map(Int.init) where index < typeNames.count {
            if let name = typeNames[index], !name.isEmpty { abbreviations[typeOffsets[index]] = name }
        }
        var transitions: [Int] = []
        var offsets = [typeOffsets[0]]
        for (time, index) in zip(times, indices) {
            guard Int(index) < typeOffsets.count else { throw fail("transition names local time type \(index), which "
                + "does not exist") }
            guard transitions.last.map({ time > $0 }) ?? true else { throw fail("transition times are not ascending") }
            if typeOffsets[Int(index)] != offsets.last {
                transitions.append(time)
                offsets.append(typeOffsets[Int(index)])
            }
        }
        if version >= UInt8(ascii: "2"), let footer = reader.footer(), !footer.isEmpty {
            guard let rule = PosixZoneRule.parse(footer) else { throw fail("footer '\(footer)' is not a POSIX TZ "
                + "rule") }
            Self.extend(&transitions, &offsets, with: rule)
            for (offset, name) in rule.names { abbreviations[offset] = name }
        }
        return Zone(identifier: identifier, transitions: transitions, offsets: offsets, abbreviations: abbreviations)
    }

    /// Appends the rule's changes after the last listed transition, up to `tableEnd`.
    static func extend(_ transitions: inout [Int], _ offsets: inout [Int], with rule: PosixZoneRule) {
        let after = transitions.last ?? Int.min
        // Without daylight time the last listed type holds on; a table reaching past the end needs nothing
        // (a transition after 2200 made the year range below run backwards: found by fuzzing).
        guard rule.daylight != nil, after < tableEnd else { return }
        // Years before 1800 matter to no one, and a "big bang" sentinel (−2^59 s) would mean billions of them.
        var firstYear = 1970
        if after != Int.min { firstYear = max(1800, CivilTime.date(days: CivilTime.floorDiv(after, 86_400)).year) }
        for year in firstYear..<2200 {
            for change in rule.changes(in: year) where change.instant > after && change.instant < tableEnd {
                if change.offset != offsets.last {
                    transitions.append(change.instant)
                    offsets.append(change.offset)
                }
            }
        }
    }
}

/// Big-endian reads over TZif bytes.
private struct TZifReader {
    struct Header {
        let isUTCCount, isStdCount, leapCount, timeCount, typeCount, charCount: Int
        var v1BodySize: Int { timeCount * 5 + typeCount * 6 + charCount + leapCount * 8 + isStdCount + isUTCCount }
    }

    let bytes: [UInt8]
    var index = 0

    mutating func read(_ count: Int) -> [UInt8]? {
        guard count >= 0, index + count <= bytes.count else { return nil }
        defer { index += count }
        return Array(bytes[index..<index + count])
    }

    mutating func skip(_ count: Int) -> Bool { read(count) != nil }

    mutating func integers(count: Int, size: Int) -> [Int]? {
        guard let raw = read(count * size) else { return nil }
        return (0..<count).map { i in
            var value: UInt64 = 0
            for byte in raw[(i * size)..<(i * size + size)] { value = value << 8 | UInt64(byte) }
            return size == 4 ? Int(Int32(truncatingIfNeeded: value)) : Int(Int64(bitPattern: value))
        }
    }

    /// The six counts after the 20-byte preamble.
    mutating func header() -> Header? {
        guard let counts = integers(count: 6, size: 4), counts.allSatisfy({ $0 >= 0 }) else { return nil }
        return Header(isUTCCount: counts[0], isStdCount: counts[1], leapCount: counts[2], timeCount: counts[3],
                      typeCount: counts[4], charCount: counts[5])
    }

    /// The TZ string between the newlines after the version 2+ body; `nil` when malformed.
    mutating func footer() -> String? {
        guard index < bytes.count, bytes[index] == 10,
              let end = bytes[(index + 1)...].firstIndex(of: 10) else { return nil }
        return String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
    }
}
