//! Fuzz target `response`: see [`deepdive_fuzz::response`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deepdive_fuzz::response(data));
