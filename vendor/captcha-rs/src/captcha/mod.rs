mod standard;

pub use standard::*;
