//! Fuzz target `sample_verify`: see [`deepdive_fuzz::sample_verify`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deepdive_fuzz::sample_verify(data));
