import FoundationEssentials

/// One time series of a query result: its labels and its samples, oldest first.
public struct PrometheusSeries: Sendable, Equatable {
    /// Label names and values (including `__name__` when Prometheus returns it).
    public let labels: [String: String]
    /// Samples; values may be NaN or ±∞ as Prometheus reports them.
    public var samples: [Sample]

    public init(labels: [String: String], samples: [Sample]) {
        self.labels = labels
        self.samples = samples
    }

    /// One sample.
    public struct Sample: Sendable, Equatable {
        public let time: Date
        public let value: Double
        public init(time: Date, value: Double) {
            self.time = time
            self.value = value
        }

        /// NaN-aware equality, so results can be compared in tests.
        public static func == (lhs: Sample, rhs: Sample) -> Bool {
            lhs.time == rhs.time && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
        }
    }
}
