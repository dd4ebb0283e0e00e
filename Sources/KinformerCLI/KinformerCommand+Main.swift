import ArgumentParser

extension KinformerCommand {
    /// Parses the process's arguments and runs the chosen subcommand, exiting as ArgumentParser
    /// does on errors. Use this from `main.swift`: there, `KinformerCommand.main()` resolves to
    /// ParsableCommand's synchronous `main()`, which refuses async subcommands at run time.
    public static func runMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
