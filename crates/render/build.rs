//! Rebuilds this crate when a Fluent file is added, changed or removed: `static_loader!`
//! compiles `locales/` in, but cargo only tracks the files it was told about.
fn main() {
    println!("cargo::rerun-if-changed=../../locales");
}
