// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dropstep",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dropstep", targets: ["dropstep"]),
        .library(name: "DropoutCore", targets: ["DropoutCore"]),
        .library(name: "LessonScript", targets: ["LessonScript"]),
        .library(name: "Notebook", targets: ["Notebook"]),
        .library(name: "Rendering", targets: ["Rendering"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        .target(name: "DropoutCore", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "LessonScript", dependencies: ["DropoutCore"]),
        .target(name: "Notebook", dependencies: ["LessonScript"]),
        .target(
            name: "Rendering",
            dependencies: [
                "Notebook", .product(name: "Ink", package: "Ink"), .product(name: "Plot", package: "Plot"),
            ]
        ),
        .systemLibrary(
            name: "CLineEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .executableTarget(
            name: "dropstep",
            dependencies: [
                "Notebook", "Rendering", "CLineEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["EmbedLessons"]
        ),
        // Builds VERSION and lessons/**/*.md into the binary (see Plugins/EmbedLessons). The target's
        // lessons/ is a link to the package's: SwiftPM plans a build again when a target's folder
        // changes, so adding or removing a lesson reruns the plugin; the tool itself reads no sources there.
        .executableTarget(name: "embed-lessons", exclude: ["lessons"]),
        .plugin(name: "EmbedLessons", capability: .buildTool(), dependencies: ["embed-lessons"]),
        // libFuzzer's target over the parser, the evaluator and the lesson parser (`make fuzz`);
        // a normal build makes it an empty program.
        .executableTarget(name: "dropstep-fuzz", dependencies: ["LessonScript", "Notebook"]),
        .executableTarget(
            name: "dropstep-bench",
            dependencies: ["LessonScript"],
            path: "Benchmarks/dropstep-bench"
        ),
        .testTarget(name: "DropoutCoreTests", dependencies: ["DropoutCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LessonScriptTests", dependencies: ["LessonScript", "Rendering"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Rendering"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering"]),
        .testTarget(name: "DropstepEndToEndTests", dependencies: ["dropstep"]),
    ],
    swiftLanguageModes: [.v6]
)
