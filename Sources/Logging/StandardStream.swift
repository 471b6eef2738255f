#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard output or standard error with `write(2)`: nothing is buffered in the process, so a
/// line written is a line kept when the process is killed.
public enum StandardStream {
    /// Standard output's descriptor.
    public static let output: Int32 = 1
    /// Standard error's descriptor.
    public static let error: Int32 = 2

    /// Writes all of `text` to `descriptor`, retrying partial writes and interruptions.
    public static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { return }
        }
    }
}
