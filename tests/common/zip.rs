//! The one zip writer for test inputs: workbooks and other archives built in code, never
//! committed. Used by the ingest tests, the limit tests and the fuzz checks (which include
//! this file by path, so it needs nothing but `std`).

#![allow(dead_code)]

/// One zip entry: its name, method (0 stored, 8 deflated), bytes as stored, and the CRC
/// and size of what they unpack to.
pub struct Entry {
    pub name: String,
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    pub size: u32,
}

/// A stored (uncompressed) entry.
pub fn stored(name: &str, body: &[u8]) -> Entry {
    Entry {
        name: name.to_owned(),
        method: 0,
        data: body.to_vec(),
        crc: crc32(body),
        size: u32::try_from(body.len()).expect("under 4 GiB: no zip64"),
    }
}

/// A zip archive of stored files.
pub fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let entries: Vec<Entry> = files.iter().map(|(n, b)| stored(n, b)).collect();
    zip(&entries)
}

/// The CRC-32 of zip entries (bit by bit: test inputs are small).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of these entries (no zip64: every size under 4 GiB).
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let name = e.name.as_bytes();
        let offset = u32::try_from(out.len()).unwrap();
        let fixed = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(e.method.to_le_bytes());
            v.extend(0u16.to_le_bytes()); // time
            v.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            v.extend(e.crc.to_le_bytes());
            v.extend(u32::try_from(e.data.len()).unwrap().to_le_bytes());
            v.extend(e.size.to_le_bytes());
            v.extend(u16::try_from(name.len()).unwrap().to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        fixed(&mut out);
        out.extend(name);
        out.extend(&e.data);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // made by
        fixed(&mut central);
        central.extend([0u8; 6]); // comment, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name);
    }
    let start = u32::try_from(out.len()).unwrap();
    let count = u16::try_from(entries.len()).unwrap();
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(u32::try_from(central.len()).unwrap().to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}
