/// A job kind's name, as written in a job file's `kind` (`data-quality`).
///
/// What a kind accepts and needs is its `JobKindDescriptor`, declared next to its executor and registered
/// with the catalog; the names themselves are declared there too (`extension JobKind`), so adding a kind
/// touches no file here.
public struct JobKind: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The name (`data-quality`).
    public let rawValue: String

    /// The kind named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The kind named `name`.
    public init(_ name: String) { self.rawValue = name }

    /// The name.
    public var description: String { rawValue }

    /// Names in alphabetical order.
    public static func < (lhs: JobKind, rhs: JobKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
