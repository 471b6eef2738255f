import CCurl

/// A `curl_slist` owned by this object and freed exactly once.
public final class CurlHeaderList {
    /// The list's head, for `CURLOPT_HTTPHEADER` or `CURLOPT_MAIL_RCPT`; `nil` when empty.
    public private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    /// Creates a list of the given lines.
    public init(_ lines: [String] = []) {
        lines.forEach(append)
    }

    /// Appends a line (libcurl copies it).
    public func append(_ line: String) {
        pointer = curl_slist_append(pointer, line)
    }

    deinit {
        curl_slist_free_all(pointer)
    }
}
