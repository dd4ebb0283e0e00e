import ArgumentParser

/// `kinformer get RESOURCE`: lists objects from a synced informer cache.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "List a resource from a synced informer cache.")

    @Argument(help: "The resource, as kubectl names it.")
    var resource: String

    func run() async throws {
        print("kinformer get: not built yet")
    }
}
