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
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func diagnostic(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
