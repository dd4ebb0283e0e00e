import Foundation

/// Where a command writes: result lines to standard output, diagnostics to standard error.
/// Injectable so that tests capture what a command prints.
protocol CLIOutput: Sendable {
    /// Writes one line of output (without its newline) and flushes it at once.
    func line(_ text: String)
    /// Writes one diagnostic line (without its newline) to the error stream.
    func diagnostic(_ text: String)
}

/// The process's standard output and standard error, flushed per line so a pipe reader
/// (`kinformer watch … | jq`) sees each event as it arrives.
struct StandardStreams: CLIOutput {
    func line(_ text: String) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data((text + "\n").utf8))
        } catch {
            exit(0)  // the reader went away (`kinformer get pods -A | head`): stop quietly, as kubectl does
        }
    }

    func diagnostic(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
