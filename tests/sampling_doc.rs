//! `docs/sampling.md` cannot go stale: its worked example (the list, the plan, every
//! ticket in hex, the result and the whole receipt) is re-computed here from the list and
//! the plan written in the page, and must match what the page says.
//!
//! After a deliberate change to the page's example, run with `DEEPDIVE_BLESS=1` to rewrite
//! the generated parts.

mod common;

use common::csv_table;
use deepdive::digest::hex;
use deepdive::sampling::ticket::{message, stratum_key, ALGORITHM};
use deepdive::sampling::{sample, stratum_label, Plan, Receipt, SourceInfo};
use std::path::PathBuf;

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/sampling.md")
}

/// The text between `<!-- begin:NAME -->` and `<!-- end:NAME -->`.
fn block<'a>(doc: &'a str, name: &str) -> &'a str {
    let begin = format!("<!-- begin:{name} -->\n");
    let end = format!("<!-- end:{name} -->");
    let start = doc.find(&begin).unwrap_or_else(|| panic!("no {begin}")) + begin.len();
    let stop = doc[start..]
        .find(&end)
        .unwrap_or_else(|| panic!("no {end}"))
        + start;
    &doc[start..stop]
}

/// The contents of the first fenced code block in `text`.
fn fenced(text: &str) -> &str {
    let open = text.find("```").expect("a fenced block");
    let body = text[open..].find('\n').unwrap() + open + 1;
    let close = text[body..].find("```").unwrap() + body;
    &text[body..close]
}

fn replace_block(doc: &str, name: &str, content: &str) -> String {
    let old = block(doc, name);
    let begin = format!("<!-- begin:{name} -->\n");
    let at = doc.find(&begin).unwrap() + begin.len();
    format!("{}{}{}", &doc[..at], content, &doc[at + old.len()..])
}

/// The generated parts of the page, from its own list and plan.
fn generate(doc: &str) -> Vec<(&'static str, String)> {
    let csv = fenced(block(doc, "list"));
    let plan: Plan = serde_json::from_str(fenced(block(doc, "plan"))).expect("the plan parses");
    let table = csv_table(csv);
    let s = sample(&table, &plan).expect("the example samples");
    let id_col = table.column_index(&plan.id_column).unwrap();
    let strata_cols: Vec<usize> = plan
        .strata
        .iter()
        .map(|c| table.column_index(c).unwrap())
        .collect();

    // Every record's ticket, in stratum order and then ticket order.
    let mut rows = Vec::new();
    for (h, stratum) in s.strata.iter().enumerate() {
        let mut members: Vec<(String, u32, String, String)> = (0..table.len())
            .filter(|&r| {
                strata_cols
                    .iter()
                    .map(|&c| deepdive::cells::trim(table.cell(r, c)))
                    .eq(stratum.values.iter().map(String::as_str))
            })
            .map(|r| {
                let id = deepdive::cells::trim(table.cell(r, id_col)).to_owned();
                let m = String::from_utf8(message(&plan.seed, &stratum.values, &id)).unwrap();
                let t = hex(&deepdive::digest::sha256(m.as_bytes()));
                (t, table.line(r), id, m)
            })
            .collect();
        members.sort();
        for (rank, (t, line, id, m)) in members.into_iter().enumerate() {
            let outcome = if s.selected.iter().any(|c| c.id == id && c.stratum == h) {
                "selected"
            } else if s.reserves.iter().any(|c| c.id == id && c.stratum == h) {
                "reserve"
            } else {
                "not drawn"
            };
            rows.push(format!(
                "| {} | {line} | {id} | `{m}` | `{t}` | {} | {outcome} |",
                stratum_label(&stratum.values),
                rank + 1
            ));
        }
    }
    let key = String::from_utf8(stratum_key(&s.strata[0].values)).unwrap();
    let first =
        String::from_utf8(message(&plan.seed, &s.strata[0].values, &s.selected[0].id)).unwrap();
    let tickets = format!(
        "| stratum | line | ID | ticket message | ticket = SHA-256(message) | rank | outcome |\n\
         |---|---|---|---|---|---|---|\n{}\n\n\
         The first stratum's key is `{key}`. Check the first ticket with any SHA-256 tool:\n\n\
         ```sh\nprintf '%s' '{first}' | sha256sum\n# {}  -\n```\n",
        rows.join("\n"),
        hex(&s.selected[0].ticket),
    );

    let allocation = s
        .strata
        .iter()
        .map(|x| {
            format!(
                "| {} | {} | {} | {} |",
                stratum_label(&x.values),
                x.eligible,
                x.allocated,
                x.reserves
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let allocation =
        format!("| stratum | eligible | selected | reserves |\n|---|---|---|---|\n{allocation}\n");

    let source = SourceInfo::new(csv.as_bytes(), "csv", "utf-8", table.len() as u64);
    let receipt = format!("```json\n{}\n```\n", Receipt::new(&s, &source).to_json());
    assert!(receipt.contains(ALGORITHM));
    vec![
        ("allocation", allocation),
        ("tickets", tickets),
        ("receipt", receipt),
    ]
}

#[test]
fn the_worked_example_in_the_document_is_what_the_code_computes() {
    let path = doc_path();
    let mut doc = std::fs::read_to_string(&path).unwrap();
    let parts = generate(&doc);
    if std::env::var_os("DEEPDIVE_BLESS").is_some() {
        for (name, content) in &parts {
            doc = replace_block(&doc, name, content);
        }
        std::fs::write(&path, &doc).unwrap();
        return;
    }
    for (name, content) in &parts {
        assert_eq!(
            block(&doc, name),
            content,
            "docs/sampling.md: the {name} block is stale; re-run with DEEPDIVE_BLESS=1 after checking the change is intended"
        );
    }
}

#[test]
fn the_document_names_the_algorithm_and_every_code_and_counts_its_example_bytes() {
    let doc = std::fs::read_to_string(doc_path()).unwrap();
    // Section 9's example message, and its length in bytes.
    let m = message("6 1 4 4 2 3", &["North"], "C101");
    let said = format!("the {} bytes `{}`", m.len(), String::from_utf8(m).unwrap());
    assert!(doc.contains(&said), "docs/sampling.md should say: {said}");
    for word in [
        ALGORITHM,
        "deepdive-receipt-v1",
        "blank-id",
        "duplicate-id-conflict",
        "not-matched",
        "blank-date",
        "bad-date",
        "born-after-reference-date",
        "other-algorithm",
        "other-bytes-same-records",
        "other-records",
        "other-plan",
        "other-result",
        "no-eligible-records",
        "sample-larger-than-eligible",
        "stratum-gets-none",
        "reserves-short",
        "allocation-impossible",
        "unknown-column",
    ] {
        assert!(
            doc.contains(word),
            "docs/sampling.md does not mention {word}"
        );
    }
}
