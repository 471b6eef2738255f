import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import RunnerCLI

let status = await CLI.main(Array(CommandLine.arguments.dropFirst()))
exit(status)
