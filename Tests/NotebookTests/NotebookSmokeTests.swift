import Testing

@Suite struct NotebookSmokeTests {
    @Test func targetBuilds() {
        #expect(1 + 1 == 2)
    }
}
