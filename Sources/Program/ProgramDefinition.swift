import CivilTime
import FoundationEssentials
import MIME

/// The baseline program of `program.json`: the measured window, success criteria, ROI inputs,
/// tenants, recipient groups and metric queries.
public struct ProgramDefinition: Sendable {
    /// The baseline window: `days` local days from `start` in `timeZone`.
    public struct Baseline: Sendable {
        /// First local day, `YYYY-MM-DD`.
        public let start: String
        /// Number of days (7 by default).
        public let days: Int
        /// The program's zone.
        public let timeZone: Zone
        /// A window.
        public init(start: String, days: Int, timeZone: Zone) {
            self.start = start
            self.days = days
            self.timeZone = timeZone
        }
    }

    /// A success criterion: `metric op target`, for example `latency_p95_seconds < 60`.
    public struct Criterion: Sendable, Equatable {
        /// Stable identifier.
        public let id: String
        /// What stakeholders read.
        public let label: String
        /// A figure key of PRODUCT.md section 8.3.
        public let metric: String
        /// The comparison.
        public let op: ComparisonOperator
        /// The target value.
        public let target: Double
        /// A criterion.
        public init(id: String, label: String, metric: String, op: ComparisonOperator, target: Double) {
            self.id = id
            self.label = label
            self.metric = metric
            self.op = op
            self.target = target
        }
    }

    /// Inputs of the ROI figures.
    public struct ROI: Sendable, Equatable {
        /// Cost of one technician hour; `nil` leaves `roi_value` null.
        public let hourlyRate: Double?
        /// ISO 4217 code.
        public let currency: String
        /// ROI inputs.
        public init(hourlyRate: Double?, currency: String) {
            self.hourlyRate = hourlyRate
            self.currency = currency
        }
    }

    /// A feedback theme (PRODUCT.md section 8.7): a comment matches when one of `keywords` starts a word
    /// of it, case-insensitively.
    public struct Theme: Sendable, Equatable {
        /// Stable identifier, named by backlog items.
        public let id: String
        /// What people read.
        public let label: String
        /// Lower-case word beginnings (`hallucinat` matches "hallucinated").
        public let keywords: [String]
        /// Creates a theme.
        public init(id: String, label: String, keywords: [String]) {
            self.id = id
            self.label = label
            self.keywords = keywords.map { $0.lowercased() }
        }
    }

    /// Which tenants reports cover.
    public enum Tenants: Sendable, Equatable {
        case all
        case list([UUID])
    }

    /// The window measured.
    public let baseline: Baseline
    /// The success criteria.
    public let criteria: [Criterion]
    /// ROI inputs.
    public let roi: ROI
    /// Tenants covered.
    public let tenants: Tenants
    /// Named recipient groups.
    public let recipients: [String: [MailAddress]]
    /// Prometheus scrape interval in seconds (15 by default).
    public let scrapeInterval: Int
    /// Metric query overrides by role (see `MetricQueries.defaults`).
    public let queries: [String: String]
    /// `dashboardUrl`: the stakeholder dashboard, linked from footers (section 7); http(s) only.
    public var dashboardURL: String? = nil
    /// `replyTo`: where answers to survey mail go (section 7).
    public var replyTo: MailAddress? = nil
    /// `themes` (section 8.7), the defaults when absent.
    public var themes: [Theme] = ProgramDefinition.defaultThemes
    /// `escalation.to`: who gets the escalation mail of a critical or high week (section 8.8).
    public var escalationTo: [MailAddress] = []
    /// `JOBS_DIR/backlog.json`: the improvements the roadmap ranks (empty without the file).
    public var backlog: [BacklogItem] = []

    /// A program as `program.json` declares it.
    public init(baseline: Baseline, criteria: [Criterion], roi: ROI, tenants: Tenants,
                recipients: [String: [MailAddress]], scrapeInterval: Int, queries: [String: String],
                dashboardURL: String? = nil, replyTo: MailAddress? = nil,
                themes: [Theme] = ProgramDefinition.defaultThemes,
                escalationTo: [MailAddress] = [], backlog: [BacklogItem] = []) {
        self.baseline = baseline
        self.criteria = criteria
        self.roi = roi
        self.tenants = tenants
        self.recipients = recipients
        self.scrapeInterval = scrapeInterval
        self.queries = queries
        self.dashboardURL = dashboardURL
        self.replyTo = replyTo
        self.themes = themes
        self.escalationTo = escalationTo
        self.backlog = backlog
    }

    /// The themes of PRODUCT.md section 8.7.
    public static let defaultThemes: [Theme] = [
        Theme(id: "accuracy", label: "Accuracy", keywords: ["wrong", "incorrect", "inaccurate", "outdated",
            "hallucinat"]),
        Theme(id: "relevance", label: "Relevance", keywords: ["irrelevant", "not relevant", "unrelated", "generic"]),
        Theme(id: "missing-context", label: "Missing context",
              keywords: ["missing", "no context", "lacks", "did not include", "didn't include"]),
        Theme(id: "formatting", label: "Formatting", keywords: ["format", "hard to read", "too long", "verbose"]),
        Theme(id: "latency", label: "Latency", keywords: ["slow", "took too long", "timeout", "timed out"]),
    ]

    /// The criteria used when `program.json` declares none (PRODUCT.md section 1).
    public static let defaultCriteria: [Criterion] = [
        Criterion(id: "research-time", label: "Research time reduction", metric: "resolution_time_reduction_pct",
                  op: .greaterThan, target: 20),
        Criterion(id: "satisfaction", label: "Technician satisfaction", metric: "avg_rating", op: .greaterThan,
                  target: 4.0),
        Criterion(id: "success-rate", label: "Enhancement success rate", metric: "success_rate_pct", op: .greaterThan,
                  target: 95),
        Criterion(id: "latency-p95", label: "p95 latency", metric: "latency_p95_seconds", op: .lessThan,
                  target: 60),
    ]

    /// The figure keys of PRODUCT.md section 8.3 that a criterion can compare.
    public static let figureKeys: [String] = [
        "success_rate_pct", "latency_p50_seconds", "latency_p95_seconds", "latency_p99_seconds", "tickets_enhanced",
        "tickets_per_day", "avg_rating", "rating_count", "thumbs_up", "thumbs_down", "positive_feedback_pct",
        "resolution_time_before_seconds", "resolution_time_after_seconds", "resolution_time_reduction_pct",
        "roi_hours_saved", "roi_value", "survey_overall_mean", "enhancements_finished", "enhancements_failed",
            "requests_count",
    ]

    /// The metric roles whose queries can be overridden, with the platform's defaults (section 2.1).
    public static let defaultQueries: [String: String] = Dictionary(
        uniqueKeysWithValues: MetricRole.allCases.map { ($0.rawValue, $0.defaultMetric) })
}

/// The comparison of a success criterion.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case greaterThan = ">"
    case greaterThanOrEqual = ">="
    case lessThan = "<"
    case lessThanOrEqual = "<="

    /// Whether `actual op target` holds.
    public func holds(_ actual: Double, _ target: Double) -> Bool {
        switch self {
        case .greaterThan: return actual > target
        case .greaterThanOrEqual: return actual >= target
        case .lessThan: return actual < target
        case .lessThanOrEqual: return actual <= target
        }
    }
}
