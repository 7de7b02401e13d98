// swift-tools-version:5.9
// The Swift package of projectledger's bindings, as bindings-mobile/package.sh lays it out:
// the generated Swift and its idioms (target ProjectLedger) over the C module of the FFI
// header (projectledgerFFI), linking libprojectledger_mobile, which package.sh puts in lib/:
//     swift build -Xlinker -Llib
// For iOS, build the library for aarch64-apple-ios and aarch64-apple-ios-sim, wrap the two
// in an XCFramework and declare it a binaryTarget in place of the linker setting.
import PackageDescription

let package = Package(
    name: "ProjectLedger",
    products: [.library(name: "ProjectLedger", targets: ["ProjectLedger"])],
    targets: [
        .systemLibrary(name: "projectledgerFFI", path: "Sources/projectledgerFFI/include"),
        .target(
            name: "ProjectLedger",
            dependencies: ["projectledgerFFI"],
            path: "Sources/ProjectLedger",
            linkerSettings: [.linkedLibrary("projectledger_mobile")]
        ),
    ]
)
