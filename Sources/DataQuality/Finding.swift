import FoundationEssentials

/// An anomaly found by a check: kind, metric, tenant (nil for series without one), severity and the
/// window `[start, end)` in UTC.
public struct Finding: Sendable, Equatable {
    public var kind: String
    public var metric: String
    public var tenantID: UUID?
    public var severity: AnomalySeverity
    public var start: Date
    public var end: Date
    public var observed: Double?
    public var expected: Double?
    public var message: String

    public init(kind: String, metric: String, tenantID: UUID?, severity: AnomalySeverity, start: Date, end: Date,
                observed: Double?, expected: Double?, message: String) {
        self.kind = kind
        self.metric = metric
        self.tenantID = tenantID
        self.severity = severity
        self.start = start
        self.end = end
        self.observed = observed
        self.expected = expected
        self.message = message
    }

    /// Data-integrity anomalies (missing or wrong data) are excluded from baseline figures by default;
    /// performance anomalies stay in unless ops exclude them.
    public var isDataIntegrity: Bool { ["scrape_gap", "stale_series", "frozen_series"].contains(kind) }
}

/// An anomaly's severity (PRODUCT.md section 8.2): `warn` or `fail`, as stored and listed.
public enum AnomalySeverity: String, Sendable, Comparable {
    case warn, fail
    public static func < (lhs: AnomalySeverity, rhs: AnomalySeverity) -> Bool { lhs == .warn && rhs == .fail }
}

/// The result of one check for one day and scope.
public enum CheckStatus: String, Sendable {
    case pass, warn, fail
    case notEvaluated = "not_evaluated"

    /// The status that a set of findings gives.
    public static func of(_ findings: [Finding]) -> CheckStatus {
        if findings.contains(where: { $0.severity == .fail }) { return .fail }
        return findings.isEmpty ? .pass : .warn
    }
}
