import ArgumentParser
import Dispatch
import Foundation

/// Runs a command body until it ends or SIGINT/SIGTERM arrives, and turns its ``CLIError`` into
/// a message on standard error and a non-zero exit. Interruption is a clean end (exit 0).
enum CommandExecution {
    /// Runs `body`, cancelling it on SIGINT or SIGTERM.
    /// - Throws: `ExitCode` after printing the error when `body` fails.
    static func run(
        output: some CLIOutput, _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        let task = Task { try await body() }
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
        }
        do {
            try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                task.cancel()
            }
        } catch {
            let failure = CLIError.describing(error, context: ErrorContext())
            output.diagnostic(failure.description)
            throw ExitCode(failure.exitCode)
        }
    }
}
