import ClemencyCLI

await ClemencyMain.run()
