//! Krippendorff's unitizing α (α_u): to be written.
