import CSV
import Formatting
import FoundationEssentials
import MIME

/// The roster CSV of a campaign: header `email,name,tenant_id`, one technician per line.
public struct SurveyRoster: Sendable {
    /// One technician.
    public struct Member: Sendable, Equatable {
        /// The address, as written.
        public let email: MailAddress
        /// The name, for the greeting (may be empty).
        public let name: String
        /// The tenant the technician works for.
        public let tenantID: UUID
    }

    /// The usable members, in file order, each address once.
    public let members: [Member]
    /// Problems with lines of the file (`line 4: ...`); those lines are left out of `members`.
    public let problems: [LineProblem]

    /// Reads roster text; a CSV syntax error or a wrong header is thrown, bad rows are collected.
    public static func parse(_ text: String) throws(CSVError) -> SurveyRoster {
        try parse(bytes: Array(text.utf8))
    }

    /// Reads the roster file's bytes: a line that is not UTF-8 is a bad line, named, never imported.
    public static func parse(bytes: [UInt8]) throws(CSVError) -> SurveyRoster {
        let records = try CSVReader.parse(bytes: bytes)
        guard let header = records.first else { throw CSVError(line: 1, column: 0,
                reason: "the roster is empty; expected the header email,name,tenant_id") }
        guard header.fields.map({ $0.trimmed.lowercased() }) == ["email", "name", "tenant_id"] else {
            throw CSVError(line: header.line, column: 0,
                    reason: "the header must be email,name,tenant_id, found \(header.fields.joined(separator: ","))")
        }
        var members: [Member] = []
        var problems: [LineProblem] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.isValidUTF8 else {
                problems.append(LineProblem(line: record.line, message: "is not valid UTF-8 (save the file as UTF-8)"))
                continue
            }
            guard record.fields.count == 3 else {
                problems.append(LineProblem(line: record.line,
                        message: "expected 3 fields (email,name,tenant_id), found \(record.fields.count)"))
                continue
            }
            let address: MailAddress
            do {
                address = try MailAddress.parse(record.fields[0].trimmed)
            } catch {
                problems.append(LineProblem(line: record.line, message: "email: \(error)"))
                continue
            }
            guard let tenant = UUID(uuidString: record.fields[2].trimmed) else {
                problems.append(LineProblem(line: record.line,
                                            message: "tenant_id: \"\(record.fields[2])\" is not a UUID"))
                continue
            }
            let name = record.fields[1].trimmed
            if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problems.append(LineProblem(line: record.line,
                        message: "name: contains a control character (a line break or tab); names go into mail "
                            + "headers"))
                continue
            }
            let key = address.address.lowercased()
            if let first = seen[key] {
                problems.append(LineProblem(line: record.line, message: "\(key) is already listed on line \(first)"))
                continue
            }
            seen[key] = record.line
            members.append(Member(email: address, name: name, tenantID: tenant))
        }
        return SurveyRoster(members: members, problems: problems)
    }
}
