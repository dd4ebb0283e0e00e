import KinformerCLI

/// Inside an `async` function `main()` resolves to AsyncParsableCommand's async entry point;
/// in top-level code it resolved to ParsableCommand's synchronous one, which refuses (or, for
/// subcommands, prints help instead of running) async commands.
func runKinformer() async {
    await KinformerCommand.main()
}

await runKinformer()
