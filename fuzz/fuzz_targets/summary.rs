//! Fuzz target `summary`: see [`deepdive_fuzz::summary`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deepdive_fuzz::summary(data));
