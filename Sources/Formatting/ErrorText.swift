import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// One-line descriptions of file-system errors for people: `/proc/x: No such file or directory` rather
/// than a dump of an error domain and its user info.
public enum ErrorText {
    /// The path and the system's reason when `error` is a file error; else the error as text.
    public static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            let reason = (cocoa.underlying as? POSIXError).map { String(cString: strerror($0.code.rawValue)) }
                ?? "file error \(cocoa.code.rawValue)"
            return cocoa.filePath.map { "\($0): \(reason)" } ?? reason
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return "\(error)"
    }
}
