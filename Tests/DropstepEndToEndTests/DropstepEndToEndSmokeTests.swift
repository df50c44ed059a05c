import Testing

@Suite struct DropstepEndToEndSmokeTests {
    @Test func targetBuilds() {
        #expect(1 + 1 == 2)
    }
}
