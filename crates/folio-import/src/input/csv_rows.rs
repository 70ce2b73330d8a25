//! Splitting CSV text into rows of cells, with the position of everything.
//!
//! This is an RFC 4180 reader (quotes, doubled quotes, quoted line breaks; a quote inside
//! an unquoted cell is taken literally) written for the importer's messages rather than
//! for speed. The `csv` crate was the first choice, but it cannot say where an unclosed
//! quote opened nor resume after one. Here a quoted cell that runs over several lines is
//! accepted only when the row it completes has the right number of cells; otherwise the
//! quote is reported where it opened, the row is dropped, and reading resumes on the line
//! after it, so that one stray quote costs one record, not the rest of the file.
//!
//! Cells are bytes: UTF-8 is checked by the caller, which knows which cell it is.

use std::collections::VecDeque;
use std::io::{self, BufRead};

/// One row: where it starts, and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line where the row starts.
    pub line: u64,
    pub cells: Vec<Cell>,
}

impl Row {
    /// True for a blank line or a row of empty cells (`,,,`), which spreadsheets leave
    /// behind and which are skipped silently.
    pub fn is_blank(&self) -> bool {
        self.cells
            .iter()
            .all(|c| c.bytes.iter().all(u8::is_ascii_whitespace))
    }
}

/// One cell and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub bytes: Vec<u8>,
    pub line: u64,
    /// 1-based byte position in its line where the cell starts.
    pub byte: u64,
}

impl Cell {
    /// The cell as text, or the line and byte position (1-based, within that line) of
    /// the first byte that is not UTF-8.
    pub fn text(&self) -> Result<&str, (u64, u64)> {
        std::str::from_utf8(&self.bytes).map_err(|e| {
            let bad = e.valid_up_to();
            let before = &self.bytes[..bad];
            match before.iter().rposition(|b| *b == b'\n') {
                Some(nl) => {
                    let lines = before.iter().filter(|b| **b == b'\n').count() as u64;
                    (self.line + lines, (bad - nl) as u64)
                }
                None => (self.line, self.byte + bad as u64),
            }
        })
    }
}

/// Why a row could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowError {
    /// A quoted cell that opened at (line, cell) never closed properly.
    UnclosedQuote { line: u64, cell: u64 },
}

/// Reads rows from a byte stream.
pub struct RowReader<R> {
    src: R,
    delimiter: u8,
    next_line: u64,
    /// Lines to read again after an unclosed quote.
    replay: VecDeque<(u64, Vec<u8>)>,
    first: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    CellStart,
    Unquoted,
    Quoted,
    /// Just saw a quote inside a quoted cell: a second one is a literal quote.
    QuoteInQuoted,
}

impl<R: BufRead> RowReader<R> {
    pub fn new(src: R, delimiter: u8) -> Self {
        RowReader {
            src,
            delimiter,
            next_line: 1,
            replay: VecDeque::new(),
            first: true,
        }
    }

    /// The first line, left in place to be read again (for delimiter detection).
    pub fn peek_first_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let line = self.line()?;
        let copy = line.as_ref().map(|(_, bytes)| bytes.clone());
        if let Some(l) = line {
            self.replay.push_front(l);
        }
        Ok(copy)
    }

    pub fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
    }

    /// The next physical line without its line end, and its number.
    fn line(&mut self) -> io::Result<Option<(u64, Vec<u8>)>> {
        if let Some(l) = self.replay.pop_front() {
            return Ok(Some(l));
        }
        let mut buf = Vec::new();
        if self.src.read_until(b'\n', &mut buf)? == 0 {
            return Ok(None);
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if self.first {
            self.first = false;
            if buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
        }
        let n = self.next_line;
        self.next_line += 1;
        Ok(Some((n, buf)))
    }

    /// The next row. `expected` is the header's cell count once known: a row whose quoted
    /// cell ran over several lines and that does not have `expected` cells is taken to
    /// be a stray quote.
    pub fn next_row(
        &mut self,
        expected: Option<usize>,
    ) -> io::Result<Option<Result<Row, RowError>>> {
        let Some((start, first)) = self.line()? else {
            return Ok(None);
        };
        let mut lines = vec![(start, first)];
        let mut cells = Vec::new();
        let mut cur = Cell {
            bytes: Vec::new(),
            line: start,
            byte: 1,
        };
        let mut state = State::CellStart;
        // Where the first quoted cell that crosses a line end opened.
        let mut open: Option<(u64, u64)> = None;
        // Text right after a closing quote (`"a"b`): in a cell that crossed a line end,
        // the sign of a quote that paired up with the wrong partner.
        let mut stray = false;
        let mut quote_at = (start, 1u64);
        let mut i = 0;
        loop {
            let (line_no, bytes) = &lines[i];
            let line_no = *line_no;
            for (pos, &b) in bytes.iter().enumerate() {
                let col = pos as u64 + 1;
                match state {
                    State::CellStart if b == b'"' => {
                        state = State::Quoted;
                        quote_at = (line_no, cells.len() as u64 + 1);
                    }
                    State::CellStart | State::Unquoted if b == self.delimiter => {
                        cells.push(std::mem::replace(
                            &mut cur,
                            Cell {
                                bytes: Vec::new(),
                                line: line_no,
                                byte: col + 1,
                            },
                        ));
                        state = State::CellStart;
                    }
                    State::CellStart | State::Unquoted => {
                        cur.bytes.push(b);
                        state = State::Unquoted;
                    }
                    State::Quoted if b == b'"' => state = State::QuoteInQuoted,
                    State::Quoted => cur.bytes.push(b),
                    State::QuoteInQuoted if b == b'"' => {
                        cur.bytes.push(b'"');
                        state = State::Quoted;
                    }
                    State::QuoteInQuoted if b == self.delimiter => {
                        cells.push(std::mem::replace(
                            &mut cur,
                            Cell {
                                bytes: Vec::new(),
                                line: line_no,
                                byte: col + 1,
                            },
                        ));
                        state = State::CellStart;
                    }
                    State::QuoteInQuoted => {
                        // Text after a closing quote: kept, as most readers do.
                        stray |= open.is_some();
                        cur.bytes.push(b);
                        state = State::Unquoted;
                    }
                }
            }
            if state != State::Quoted {
                break;
            }
            open.get_or_insert(quote_at);
            match self.line()? {
                Some(next) => {
                    cur.bytes.push(b'\n');
                    lines.push(next);
                    i += 1;
                }
                None => return Ok(Some(Err(self.unclosed(open, lines)))),
            }
        }
        cells.push(cur);
        if open.is_some() && (stray || expected.is_some_and(|n| n != cells.len())) {
            return Ok(Some(Err(self.unclosed(open, lines))));
        }
        Ok(Some(Ok(Row { line: start, cells })))
    }

    /// Reports the quote and arranges to read again from the line after the row's first.
    fn unclosed(&mut self, open: Option<(u64, u64)>, lines: Vec<(u64, Vec<u8>)>) -> RowError {
        let (line, cell) = open.unwrap_or((lines[0].0, 1));
        for l in lines.into_iter().skip(1).rev() {
            self.replay.push_front(l);
        }
        RowError::UnclosedQuote { line, cell }
    }
}

/// The delimiter a header line uses: whichever of `,`, `;` and tab occurs most often
/// outside quotes (comma when none does).
pub fn detect_delimiter(header_line: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in header_line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                c.1 += 1;
            }
        }
    }
    counts
        .iter()
        .fold((b',', 0), |best, c| if c.1 > best.1 { *c } else { best })
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, expected: Option<usize>) -> Vec<Result<Vec<String>, RowError>> {
        let mut r = RowReader::new(text.as_bytes(), b',');
        let mut out = Vec::new();
        while let Some(row) = r.next_row(expected).unwrap() {
            out.push(row.map(|row| {
                row.cells
                    .iter()
                    .map(|c| c.text().unwrap().to_string())
                    .collect()
            }));
        }
        out
    }

    fn ok(cells: &[&str]) -> Result<Vec<String>, RowError> {
        Ok(cells.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn plain_and_quoted_cells() {
        assert_eq!(
            rows("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n", None),
            vec![ok(&["a", "b", "c"]), ok(&["1", "x, y", "say \"hi\""])]
        );
    }

    #[test]
    fn quoted_cells_may_hold_line_breaks() {
        let r = rows("a,b\n1,\"two\nlines\"\n2,x", Some(2));
        assert_eq!(
            r,
            vec![ok(&["a", "b"]), ok(&["1", "two\nlines"]), ok(&["2", "x"])]
        );
    }

    #[test]
    fn a_literal_quote_inside_an_unquoted_cell_is_kept() {
        assert_eq!(rows("5\" floppy,x", None), vec![ok(&["5\" floppy", "x"])]);
    }

    #[test]
    fn an_unclosed_quote_at_the_end_costs_one_row() {
        let r = rows("a,b\n1,\"oops\n2,fine\n", Some(2));
        assert_eq!(
            r,
            vec![
                ok(&["a", "b"]),
                Err(RowError::UnclosedQuote { line: 2, cell: 2 }),
                ok(&["2", "fine"])
            ]
        );
    }

    #[test]
    fn a_stray_quote_mid_file_is_found_where_it_opened() {
        let text = "a,b,c\n1,\"Smith, John,x\n2,y,z\n3,\"q\",w\n";
        let r = rows(text, Some(3));
        assert_eq!(r[1], Err(RowError::UnclosedQuote { line: 2, cell: 2 }));
        assert_eq!(&r[2..], &[ok(&["2", "y", "z"]), ok(&["3", "q", "w"])]);
    }

    #[test]
    fn positions_of_cells_are_known() {
        let mut r = RowReader::new("ab,cd\nx,\"y\nz\"".as_bytes(), b',');
        let row = r.next_row(None).unwrap().unwrap().unwrap();
        assert_eq!((row.cells[1].line, row.cells[1].byte), (1, 4));
        let row = r.next_row(None).unwrap().unwrap().unwrap();
        assert_eq!(row.line, 2);
        assert_eq!(row.cells[1].bytes, b"y\nz");
    }

    #[test]
    fn invalid_utf8_is_located_in_its_line() {
        let mut r = RowReader::new(&b"id,title\n1,caf\xE9\n"[..], b',');
        r.next_row(None).unwrap();
        let row = r.next_row(None).unwrap().unwrap().unwrap();
        assert_eq!(row.cells[1].text(), Err((2, 6)));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(rows("\u{FEFF}id,title", None), vec![ok(&["id", "title"])]);
    }

    #[test]
    fn blank_rows_are_recognised() {
        let mut r = RowReader::new(" , ,\n".as_bytes(), b',');
        assert!(r.next_row(None).unwrap().unwrap().unwrap().is_blank());
    }

    #[test]
    fn the_delimiter_is_detected_from_the_header() {
        assert_eq!(detect_delimiter(b"id,title,date"), b',');
        assert_eq!(detect_delimiter(b"id;title;\"a,b\""), b';');
        assert_eq!(detect_delimiter(b"id\ttitle\tdate"), b'\t');
        assert_eq!(detect_delimiter(b"title"), b',');
    }
}
