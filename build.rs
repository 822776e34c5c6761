//! Links the app's wasm with `--emit-relocs`: wasm-split-cli needs the linker's
//! relocations to split the app at its split points (scripts/split-app.mjs), and leaves
//! them out of what it writes. Set here rather than in the wasm's rustflags so that only
//! the app is linked so; the simulated tenant's worker, which is not split, would ship them
//! (373 KB gzip instead of 195).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
