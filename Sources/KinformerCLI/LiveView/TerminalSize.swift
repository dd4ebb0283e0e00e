import Foundation

/// Whether standard output is a terminal, and how tall it is.
enum TerminalSize {
    /// The terminal's height in lines when standard output is a terminal (24 when it does not
    /// say); `nil` when it is a pipe or a file.
    static func linesIfTerminal() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
        return 24
    }
}
