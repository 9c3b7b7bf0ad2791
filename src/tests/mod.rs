//! Properties of the whole pipeline, checked over many generated inputs.

mod merge_property;
mod spec_fuzz;
