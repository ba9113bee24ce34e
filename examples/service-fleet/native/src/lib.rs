use pyo3::prelude::*;

#[pymodule]
fn fleet_native(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
