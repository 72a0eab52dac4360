//! Fuzz target `csv`: see [`deepdive_fuzz::csv`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deepdive_fuzz::csv(data));
