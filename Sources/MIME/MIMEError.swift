/// A message that cannot be built safely: what and where (`header Subject`), never sent.
public struct MIMEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The part at fault (`header Subject`, `attachment report.md`).
    public let part: String
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(part: String, message: String) {
        self.part = part
        self.message = message
    }

    /// `header Subject: contains CR, LF or NUL (header injection); refused`.
    public var description: String { "\(part): \(message)" }
}
