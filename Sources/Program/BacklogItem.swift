/// One entry of `JOBS_DIR/backlog.json` (PRODUCT.md section 8.7): an improvement the team could make, its
/// effort, and the criteria and themes it would move. The roadmap ranks these from the report's numbers.
public struct BacklogItem: Sendable, Equatable {
    /// T-shirt size of the work.
    public enum Effort: String, Sendable, CaseIterable {
        case s = "S", m = "M", l = "L", xl = "XL"

        /// The effort points of the priority formula: S 1, M 2, L 3, XL 5.
        public var points: Double {
            switch self {
            case .s: return 1
            case .m: return 2
            case .l: return 3
            case .xl: return 5
            }
        }
    }

    /// Stable identifier.
    public let id: String
    /// What the work is.
    public let title: String
    /// How big it is.
    public let effort: Effort
    /// Ids of the criteria it would move.
    public let criteria: [String]
    /// Ids of the themes it addresses.
    public let themes: [String]

    /// Creates an item.
    public init(id: String, title: String, effort: Effort, criteria: [String], themes: [String]) {
        self.id = id
        self.title = title
        self.effort = effort
        self.criteria = criteria
        self.themes = themes
    }
}
