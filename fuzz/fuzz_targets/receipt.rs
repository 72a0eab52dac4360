//! Fuzz target `receipt`: see [`deepdive_fuzz::receipt`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deepdive_fuzz::receipt(data));
