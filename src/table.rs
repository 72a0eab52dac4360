//! A table of text cells read from a case list: the column names and every record, stored
//! compactly (one text buffer and cell offsets) so a million-row list fits in memory.
//!
//! Ingest builds tables; sampling reads them. Cells are text exactly as in the file after
//! decoding; typing (dates, ages) happens on demand.

/// Why a record did not go into a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Full {
    /// The table would pass [`Table::MAX_BYTES`].
    Limit,
    /// The memory for it could not be had.
    Memory,
}

/// Makes room for `extra` more items in `v`: at least doubling, but never past `spare`
/// items beyond what is needed.
fn grow<T>(v: &mut Vec<T>, extra: usize, spare: usize) -> Result<(), Full> {
    if v.capacity() - v.len() >= extra {
        return Ok(());
    }
    let more = extra.max(v.len()).min(extra + spare);
    if v.try_reserve_exact(more).is_err() {
        v.try_reserve_exact(extra).map_err(|_| Full::Memory)?;
    }
    Ok(())
}

/// Appends `n` copies of `value` (the ends of blank cells) in doubling block copies, fast
/// even unoptimised: a sheet row padded to column XFD has 16,383 of them.
fn pad(ends: &mut Vec<u32>, value: u32, n: usize) {
    if n == 0 {
        return;
    }
    ends.push(value);
    let mut done = 1;
    while done < n {
        let k = done.min(n - done);
        let len = ends.len();
        ends.extend_from_within(len - k..len);
        done += k;
    }
}

/// A table: named columns and records of text cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    columns: Vec<String>,
    /// Every cell's text, one after another, row by row.
    text: String,
    /// Where each cell ends in `text`; the cell before it ends where this one starts.
    ends: Vec<u32>,
    /// The line (CSV) or row (sheet) of each record in its file, counting from 1.
    lines: Vec<u32>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: Vec<String>) -> Table {
        Table {
            columns,
            ..Table::default()
        }
    }

    /// The most memory a table's cells may take, in bytes: its text, 4 bytes for each
    /// cell's end and 4 for each record's line (512 MiB). The million-row benchmark list
    /// takes under a third of it; the limit keeps a browser tab's memory, with the file
    /// beside it, well under 2 GiB for any input (a workbook's shared text repeated in
    /// many cells can make a table far larger than its file), and offsets fit in `u32`.
    pub const MAX_BYTES: usize = 512 << 20;

    /// An empty table with room for about `records` records of `bytes` bytes of text.
    pub fn with_capacity(columns: Vec<String>, records: usize, bytes: usize) -> Table {
        let mut t = Table::new(columns);
        t.reserve(records, bytes);
        t
    }

    /// Makes room for about `records` more records of `bytes` bytes of text, as far as
    /// [`Table::MAX_BYTES`] and the memory available allow (an estimate that cannot be
    /// had costs nothing: the table grows as records come).
    pub fn reserve(&mut self, records: usize, bytes: usize) {
        let width = self.columns.len();
        let per_record = width.saturating_add(1).saturating_mul(4);
        let records = records.min(Self::MAX_BYTES / per_record);
        let bytes = bytes.min(Self::MAX_BYTES - records * per_record);
        let _ = self.lines.try_reserve_exact(records);
        let _ = self.ends.try_reserve_exact(records * width);
        let _ = self.text.try_reserve_exact(bytes);
    }

    /// The bytes the table's cells take now.
    pub fn bytes(&self) -> usize {
        self.text.len() + 4 * (self.ends.len() + self.lines.len())
    }

    /// Makes room for one more record of `text` bytes, or says why there is none.
    fn room(&mut self, text: usize) -> Result<(), Full> {
        let width = self.columns.len();
        let need = text
            .checked_add(4 * (width + 1))
            .and_then(|n| n.checked_add(self.bytes()))
            .filter(|&n| n <= Self::MAX_BYTES)
            .ok_or(Full::Limit)?;
        let spare = Self::MAX_BYTES - need;
        if self.text.capacity() - self.text.len() < text {
            let more = text.max(self.text.len()).min(text + spare);
            if self.text.try_reserve_exact(more).is_err() {
                self.text
                    .try_reserve_exact(text)
                    .map_err(|_| Full::Memory)?;
            }
        }
        grow(&mut self.ends, width, spare / 4)?;
        grow(&mut self.lines, 1, spare / 4)
    }

    /// Adds a record read from `line`. Missing cells are blank and extra cells are dropped,
    /// so ingest must report ragged rows before it pushes them.
    ///
    /// # Panics
    ///
    /// When the table would pass [`Table::MAX_BYTES`] or memory runs out; ingest uses
    /// [`Table::try_push`].
    pub fn push(&mut self, line: u32, cells: impl IntoIterator<Item = impl AsRef<str>>) {
        if let Err(e) = self.try_push(line, cells) {
            panic!("{e:?}");
        }
    }

    /// [`Table::push`], or `Err` (the table unchanged) when the record does not fit.
    pub fn try_push(
        &mut self,
        line: u32,
        cells: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Result<(), Full> {
        let width = self.columns.len();
        let cells: Vec<_> = cells.into_iter().take(width).collect();
        let text = cells.iter().map(|c| c.as_ref().len()).sum();
        self.room(text)?;
        let n = cells.len();
        for cell in cells {
            self.text.push_str(cell.as_ref());
            self.ends.push(self.text.len() as u32);
        }
        pad(&mut self.ends, self.text.len() as u32, width - n);
        self.lines.push(line);
        Ok(())
    }

    /// Adds a record whose cells lie one after another in `run`, which starts at `from`
    /// in its row's text; `ends` are where the cells end in that text, one per column.
    /// The same as [`Table::try_push`] of the cells, in one copy; `Err` (the table
    /// unchanged) when the record does not fit.
    pub fn try_push_run(
        &mut self,
        line: u32,
        run: &str,
        from: usize,
        ends: &[usize],
    ) -> Result<(), Full> {
        self.room(run.len())?;
        let base = self.text.len();
        self.text.push_str(run);
        let last = self.text.len();
        let width = self.columns.len();
        let n = ends.len().min(width);
        self.ends.extend(
            ends[..n]
                .iter()
                .map(|&e| (base + e.saturating_sub(from)).min(last) as u32),
        );
        pad(&mut self.ends, last as u32, width - n);
        self.lines.push(line);
        Ok(())
    }

    /// The column names, in file order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The index of the column with this exact name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The text of one cell. Panics if `record` or `column` is out of range.
    #[inline(always)]
    pub fn cell(&self, record: usize, column: usize) -> &str {
        self.span_text(self.cell_span(record, column))
    }

    /// Where one cell's text lies in the table's text, for [`Table::span_text`]: reading
    /// many scattered cells is quicker in two passes, all spans and then all texts.
    /// Panics if `record` or `column` is out of range.
    #[inline(always)]
    pub fn cell_span(&self, record: usize, column: usize) -> (u32, u32) {
        let i = record * self.columns.len() + column;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        (start, self.ends[i])
    }

    /// The text of a span from [`Table::cell_span`].
    #[inline(always)]
    pub fn span_text(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// The cells of one record, in column order.
    pub fn record(&self, record: usize) -> impl Iterator<Item = &str> + '_ {
        (0..self.columns.len()).map(move |c| self.cell(record, c))
    }

    /// The line (CSV) or row (sheet) of a record in its file, counting from 1.
    #[inline(always)]
    pub fn line(&self, record: usize) -> u32 {
        self.lines[record]
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn cells_round_trip_with_padding_and_truncation() {
        let mut t = Table::new(vec!["id".into(), "gender".into(), "dob".into()]);
        t.push(2, ["A1", "a) Male", "01/02/2010"]);
        t.push(3, ["", "b) Female"]);
        t.push(5, ["C3", "", "", "extra"]);
        assert_eq!(t.len(), 3);
        assert_eq!(
            t.record(0).collect::<Vec<_>>(),
            ["A1", "a) Male", "01/02/2010"]
        );
        assert_eq!(t.record(1).collect::<Vec<_>>(), ["", "b) Female", ""]);
        assert_eq!(t.record(2).collect::<Vec<_>>(), ["C3", "", ""]);
        assert_eq!((t.line(0), t.line(2)), (2, 5));
        for (r, c) in [(0, 0), (0, 2), (1, 0), (2, 1), (2, 2)] {
            assert_eq!(t.span_text(t.cell_span(r, c)), t.cell(r, c));
        }
        // A run of cells copied in one go is the same as the cells one by one.
        let mut u = Table::new(vec!["id".into(), "gender".into(), "dob".into()]);
        u.try_push_run(2, "A1a) Male01/02/2010", 0, &[2, 9, 19])
            .unwrap();
        u.try_push_run(3, "b) Female", 10, &[10, 19]).unwrap();
        let row = "xx,C3,,";
        u.try_push_run(5, &row[3..5], 3, &[5, 5, 5]).unwrap();
        assert_eq!(u, t);
        assert_eq!(t.column_index("dob"), Some(2));
        assert_eq!(t.column_index("DOB"), None);
    }
}
