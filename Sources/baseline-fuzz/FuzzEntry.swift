// The libFuzzer entry (built by scripts/fuzz with -sanitize=fuzzer,address -DFUZZING) and, in ordinary
// builds, a replay command: `baseline-fuzz TARGET FILE...` runs saved inputs through the same check.
import FoundationEssentials
import FuzzTargets
#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error (logs and usage never go to standard output).
private func complain(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

#if FUZZING
/// The target named by `FUZZ_TARGET`, chosen once.
nonisolated(unsafe) private let selected: FuzzTarget = {
    let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget.named(name) else {
        complain("FUZZ_TARGET must be one of: \(FuzzTarget.all.map(\.name).joined(separator: ", "))")
        exit(2)
    }
    return target
}()

/// Called by libFuzzer for every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected.check(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver, for programs that have their own `main` (SwiftPM gives every executable one).
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Hands the command line to libFuzzer (`-max_total_time=60 CORPUS...`).
@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
/// Replays saved inputs (a crash file, a corpus folder's files) through a target's check.
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget.named(name) else {
            let targets = FuzzTarget.all.map(\.name).joined(separator: ", ")
            complain("usage: baseline-fuzz TARGET FILE...  (targets: \(targets))")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else {
                complain("baseline-fuzz: cannot read \(path)")
                exit(2)
            }
            let bytes = [UInt8](data)
            target.check(bytes)
            print("\(name): \(path): no finding (\(bytes.count) bytes)")
        }
    }
}
#endif
