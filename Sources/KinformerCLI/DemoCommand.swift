import ArgumentParser

/// `kinformer demo`: informers and a controller on an embedded in-process API server.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run informers and a controller against an embedded API server.")

    func run() async throws {
        print("kinformer demo: not built yet")
    }
}
