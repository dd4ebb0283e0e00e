import KinformerCLI

await KinformerCommand.main()
