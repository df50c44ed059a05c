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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .target(name: "DropoutCore", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "LessonScript", dependencies: ["DropoutCore"]),
        .target(name: "Notebook", dependencies: ["LessonScript"]),
        .systemLibrary(
            name: "CLineEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .executableTarget(
            name: "dropstep",
            dependencies: [
                "Notebook", "CLineEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer's target over the parser, the evaluator and the lesson parser (`make fuzz`);
        // a normal build makes it an empty program.
        .executableTarget(name: "dropstep-fuzz", dependencies: ["LessonScript", "Notebook"]),
        .executableTarget(
            name: "dropstep-bench",
            dependencies: ["LessonScript"],
            path: "Benchmarks/dropstep-bench"
        ),
        .testTarget(name: "DropoutCoreTests", dependencies: ["DropoutCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LessonScriptTests", dependencies: ["LessonScript"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"]),
        .testTarget(name: "DropstepEndToEndTests", dependencies: ["dropstep"]),
    ],
    swiftLanguageModes: [.v6]
)
