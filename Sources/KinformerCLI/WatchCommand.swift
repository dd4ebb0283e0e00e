import ArgumentParser

/// `kinformer watch RESOURCE`: prints an informer's events as they arrive.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print an informer's events for a resource as they arrive.")

    @Argument(help: "The resource, as kubectl names it (pods, deploy, widgets.example.com).")
    var resource: String

    func run() async throws {
        print("kinformer watch: not built yet")
    }
}
