//! Fuzz target `definition`: see [`deepdive_fuzz::definition`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deepdive_fuzz::definition(data));
