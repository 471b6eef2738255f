/// A JSON object that keeps the order of its keys and the source line of each member.
public struct JSONObject: Sendable, Equatable, Sequence {
    /// The members in source order.
    public private(set) var members: [(key: String, value: JSONValue)]
    /// The 1-based source line of each key, when the object was parsed from text.
    public private(set) var lines: [String: Int]

    /// Creates an object from members in order; a later duplicate key replaces an earlier one.
    public init(_ members: [(key: String, value: JSONValue)] = [], lines: [String: Int] = [:]) {
        self.members = []
        self.lines = lines
        for member in members { self[member.key] = member.value }
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// Gets or sets a member; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// The source line of a key, if known.
    public func line(of key: String) -> Int? { lines[key] }

    /// Iterates the members in order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        members.makeIterator()
    }

    /// Objects are equal when they have the same members in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
