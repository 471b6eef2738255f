import Formatting
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Writes each message as one `.eml` file in a directory (when `SMTP_URL` is unset): for the quick start,
/// for development, and for sites that hand files to another mailer.
public final class OutboxTransport: MailTransport {
    /// The directory.
    public let directory: String
    private var counter = 0

    /// Creates the directory if needed.
    public init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutboxError(message: "cannot create OUTBOX_DIR \(directory): \(ErrorText.describe(error))")
        }
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw OutboxError(message: "OUTBOX_DIR \(directory) is not a directory")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw OutboxError(message: "OUTBOX_DIR \(directory) is not writable: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes the file atomically (temporary name, then rename); the outcome carries its path.
    public func send(sender: String, recipient: String, content: Data) -> TransportOutcome {
        counter += 1
        let stamp = String(Int(Date().timeIntervalSince1970 * 1000))
        let safeRecipient = recipient.map { $0.isLetter || $0.isNumber || "@.-_".contains($0) ? $0 : "_" }
        let name = "\(stamp)-\(getpid())-\(counter)-\(String(safeRecipient)).eml"
        let path = PathText.join(directory, name)
        let temporary = path + ".tmp"
        do {
            try content.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            return .sent(reply: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return .transient("cannot write \(path): \(ErrorText.describe(error))")
        }
    }
}

/// The outbox directory cannot be used.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    /// What failed, with the path.
    public let message: String
    /// The message.
    public var description: String { message }
}
