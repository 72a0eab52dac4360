// SPDX-License-Identifier: MIT
//
// Copyright 2016-2026, Johann Tuffe.

//! Changelog for `calamine`.
//!
//! See <https://github.com/tafia/calamine/blob/master/Changelog.md> (the file is not
//! kept in Deep Dive's copy).
