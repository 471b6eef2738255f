import Synchronization
import FoundationEssentials

/// Where finished log lines go. Implementations must write whole lines atomically.
public protocol LogSink: Sendable {
    /// Writes one line (without its trailing newline).
    func write(line: String)
}

/// Writes lines to standard error, flushed per line so nothing is lost when a pod is killed.
public final class StandardErrorSink: LogSink {
    private let lock = Mutex(())

    /// Creates a sink on standard error.
    public init() {}

    /// Writes the line and a newline at once.
    public func write(line: String) {
        lock.withLock { _ in StandardStream.write(line + "\n", to: StandardStream.error) }
    }
}

/// Keeps lines in memory: the test double for `LogSink`.
public final class InMemoryLogSink: LogSink {
    private let stored = Mutex<[String]>([])

    /// Creates an empty sink.
    public init() {}

    /// Records the line.
    public func write(line: String) {
        stored.withLock { $0.append(line) }
    }

    /// The lines written so far.
    public var lines: [String] { stored.withLock { $0 } }
}
