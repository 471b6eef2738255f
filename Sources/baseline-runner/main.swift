import Foundation
import RunnerCLI

let status = await CLI.main(Array(CommandLine.arguments.dropFirst()))
exit(status)
