import CCurl
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One libcurl easy handle, owned by this object and freed exactly once; reusable across transfers so
/// connections are kept alive.
///
/// Blocking: call `perform` from a dedicated thread or queue, never from Swift's cooperative pool.
/// Not `Sendable`: one thread at a time.
public final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var retained: [AnyObject] = []

    /// Creates a handle with safe defaults: no signals (threads), no progress meter, TLS verification on.
    public init() {
        Self.globalInit
        handle = curl_easy_init()!
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        applyDefaults()
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        signal(SIGPIPE, SIG_IGN)
    }()

    private func applyDefaults() {
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
    }

    // MARK: - Options

    /// Sets an integer option.
    public func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ccurl_setopt_long(handle, option, value), "set option \(option.rawValue)")
    }

    /// Sets a string option (libcurl copies it).
    public func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(ccurl_setopt_string(handle, option, value), "set option \(option.rawValue)")
    }

    /// Sets a list option; the list is kept alive as long as this handle.
    public func set(_ option: CURLoption, _ list: CurlHeaderList) throws(CurlError) {
        retained.append(list)
        try check(ccurl_setopt_slist(handle, option, list.pointer), "set option \(option.rawValue)")
    }

    /// Sets a pointer option; the caller keeps the pointee alive during transfers.
    public func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(ccurl_setopt_pointer(handle, option, pointer), "set option \(option.rawValue)")
    }

    /// Sets a read or write callback.
    public func set(_ option: CURLoption, callback: ccurl_data_callback?) throws(CurlError) {
        try check(ccurl_setopt_callback(handle, option, callback), "set option \(option.rawValue)")
    }

    /// Resets all options to libcurl's defaults plus this type's safe defaults; keeps live connections.
    public func reset() {
        curl_easy_reset(handle)
        retained.removeAll()
        applyDefaults()
    }

    // MARK: - Transfers

    /// Performs the configured transfer, throwing a `CurlError` that names `operation` on failure.
    public func perform(_ operation: String) throws(CurlError) {
        errorBuffer[0] = 0
        try check(curl_easy_perform(handle), operation)
    }

    /// Performs a transfer and collects the response body in memory, at most `limit` bytes: a larger
    /// body aborts the transfer (`CurlError.tooLarge`), and so does `control` being cancelled, within
    /// about a second even while the server sends nothing.
    public func performCollecting(_ operation: String, limit: Int = .max,
        control: TransferControl? = nil) throws(CurlError) -> Data {
        let sink = DataSink(limit: limit, control: control)
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        try set(CURLOPT_WRITEFUNCTION, callback: { buffer, size, count, userdata in
            guard let buffer, let userdata else { return 0 }
            let total = size * count
            let sink = Unmanaged<DataSink>.fromOpaque(userdata).takeUnretainedValue()
            guard sink.data.count + total <= sink.limit else {
                sink.overflowed = true
                return 0
            }
            if sink.control?.isCancelled == true { return 0 }
            sink.data.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: total)
            return total
        })
        try set(CURLOPT_WRITEDATA, pointer: box.toOpaque())
        if control != nil {
            try check(ccurl_setopt_progress(handle, { userdata, _, _, _, _ in
                guard let userdata else { return 0 }
                return Unmanaged<DataSink>.fromOpaque(userdata).takeUnretainedValue()
                    .control?.isCancelled == true ? 1 : 0
            }, box.toOpaque()), "set progress callback")
        }
        do {
            try perform(operation)
        } catch {
            if sink.overflowed {
                throw CurlError(code: CURLcode(UInt32(error.code.rawValue)),
                    detail: "response larger than \(Self.megabytes(limit)) MB; refused",
                                operation: operation)
            }
            if control?.isCancelled == true {
                throw CurlError(code: CURLcode(UInt32(error.code.rawValue)), detail: "cancelled", operation: operation)
            }
            throw error
        }
        return sink.data
    }

    /// A byte count in whole megabytes, at least 1 (for messages).
    static func megabytes(_ bytes: Int) -> Int { max(bytes >> 20, 1) }

    /// The last response code (HTTP status, or SMTP reply code).
    public var responseCode: Int {
        var code = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func check(_ code: CURLcode, _ operation: String) throws(CurlError) {
        guard code != CURLE_OK else { return }
        let detail = String(cString: errorBuffer)
        throw CurlError(code: code, detail: detail, operation: operation)
    }
}

/// Accumulates a response body up to a limit; passed to libcurl's callbacks through `Unmanaged`.
private final class DataSink {
    var data = Data()
    let limit: Int
    let control: TransferControl?
    var overflowed = false
    init(limit: Int, control: TransferControl?) {
        self.limit = limit
        self.control = control
    }
}

/// Lets another thread abort a transfer in progress (a run's timeout or shutdown).
public final class TransferControl: Sendable {
    private let cancelled = Atomic(false)
    /// Creates a control that is not cancelled.
    public init() {}
    /// Whether `cancel()` was called.
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
    /// Aborts the transfer at its next callback.
    public func cancel() { cancelled.store(true, ordering: .relaxed) }
}
