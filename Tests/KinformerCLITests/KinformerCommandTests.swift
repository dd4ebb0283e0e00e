import Testing

@testable import KinformerCLI

@Suite struct KinformerCommandTests {
    @Test func parsesSubcommands() throws {
        let command = try KinformerCommand.parseAsRoot(["watch", "pods"])
        #expect(command is WatchCommand)
    }
}
