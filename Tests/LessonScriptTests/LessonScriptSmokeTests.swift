import Testing

@Suite struct LessonScriptSmokeTests {
    @Test func targetBuilds() {
        #expect(1 + 1 == 2)
    }
}
