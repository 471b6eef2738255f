import CLibPQ
import FoundationEssentials
import Synchronization

/// libpq's cancel handle (`PQgetCancel`) of one connection, renewed when the connection resets (a new
/// server session) and freed exactly once per handle.
///
/// `PQcancel` may be called from any thread while the connection's own thread waits for a result; the
/// server then ends the statement with SQLSTATE 57014 and the connection stays usable.
public final class PostgresCanceller: Sendable {
    private final class Handle: @unchecked Sendable {
        let pointer: OpaquePointer?
        init(_ connection: OpaquePointer) { pointer = PQgetCancel(connection) }
        deinit { if let pointer { PQfreeCancel(pointer) } }
    }

    private let current: Mutex<Handle?> = Mutex(nil)

    init() {}

    /// Takes the cancel handle of the connection's current session.
    func renew(from connection: OpaquePointer) {
        let fresh = Handle(connection)
        current.withLock { $0 = fresh }
    }

    /// Asks the server to cancel the session's current statement; false when the request could not be sent.
    @discardableResult
    public func cancel() -> Bool {
        current.withLock { handle in
            guard let pointer = handle?.pointer else { return false }
            var buffer = [CChar](repeating: 0, count: 256)
            return PQcancel(pointer, &buffer, Int32(buffer.count)) == 1
        }
    }
}
