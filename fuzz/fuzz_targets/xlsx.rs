//! Fuzz target `xlsx`: see [`deepdive_fuzz::xlsx`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deepdive_fuzz::xlsx(data));
