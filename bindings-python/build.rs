fn main() {
    // `cargo test` must load the libpython of PYO3_PYTHON (a venv), not the system one.
    pyo3_build_config::add_libpython_rpath_link_args();
}
