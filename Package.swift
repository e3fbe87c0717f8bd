// swift-tools-version:6.0
import PackageDescription

/// The hot kernels (NNKernels) are the one place built without runtime checks: `-Ounchecked`
/// drops overflow checks and preconditions from loops over raw buffers that the engine has
/// already validated. Everything else — the parsers above all — keeps its checks.
///
/// Release builds use the CPU's vector units: without `-target-cpu native` the compiler targets
/// baseline x86-64 (no AVX) and fused multiply-add becomes a library call. `-fno-math-errno`
/// lets `squareRoot()` compile to the vector square-root instruction: with errno kept, every
/// lane of a vector became a scalar square root behind a branch (Adam's update ran 2× slower).
let kernelFlags: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-target-cpu", "native", "-Xcc", "-fno-math-errno"], .when(configuration: .release)),
]
/// The engine and data modules keep their checks but use the same vector units.
let nativeFlags: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "native", "-Xcc", "-fno-math-errno"], .when(configuration: .release)),
]

let package = Package(
    name: "nnlab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nnlab", targets: ["nnlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CNcursesW", path: "Sources/CNcursesW"),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine"),
        .target(name: "NNKernels", swiftSettings: kernelFlags),
        // Did-you-mean for names a learner types: the session's wording, kept out of the engine.
        .target(name: "NNText"),
        .target(name: "NNEngine", dependencies: ["NNKernels"], swiftSettings: nativeFlags),
        .target(name: "NNData", dependencies: ["NNEngine", "NNText"], swiftSettings: nativeFlags),
        .target(name: "NNRender"),
        .target(name: "NNLessons", dependencies: [
            "NNEngine", "NNData", "NNText",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "NNSession", dependencies: ["NNEngine", "NNData", "NNText", "NNRender", "NNLessons"]),
        .target(name: "NNTerminal", dependencies: ["NNEngine", "NNData", "NNRender", "NNSession", "NNLessons", "CNcursesW", "CEditLine"]),
        .executableTarget(name: "nnlab", dependencies: [
            "NNEngine", "NNData", "NNRender", "NNLessons", "NNSession", "NNTerminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "nnlab-bench", dependencies: ["NNKernels", "NNEngine", "NNData", "NNRender", "NNSession"],
                          path: "bench/Swift", swiftSettings: nativeFlags),
        .testTarget(name: "NNEngineTests", dependencies: ["NNKernels", "NNEngine", "NNData"]),
        .testTarget(name: "NNDataTests", dependencies: ["NNData", "NNEngine"]),
        .testTarget(name: "NNRenderTests", dependencies: ["NNRender"], exclude: ["Golden"]),
        .testTarget(name: "NNLessonsTests", dependencies: [
            "NNLessons", "NNSession", "NNEngine", "NNData",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "NNSessionTests", dependencies: ["NNSession", "NNEngine", "NNData", "NNText", "NNRender"]),
        .testTarget(name: "FuzzTests", dependencies: [
            "NNSession", "NNLessons", "NNEngine", "NNData",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "EndToEndTests", dependencies: ["NNTerminal", "NNSession", "NNEngine"]),
    ],
    swiftLanguageModes: [.v6]
)
