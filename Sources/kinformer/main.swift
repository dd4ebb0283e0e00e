import KinformerCLI

await KinformerCommand.runMain()
