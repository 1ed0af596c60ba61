//! Property test: the parsers turn any input into data or a typed error and never panic.
//! Seeds are the real shapes (every mock scenario, NetBox VM and list answers); each round
//! mutates one structurally (types swapped, keys dropped or kebab-cased, hostile strings,
//! deep nesting) or as text (truncated, bytes flipped), then runs every parser on it. A panic
//! names the payload. Beside it, proptest feeds arbitrary JSON and text made of the
//! contract's words, and shrinks a failing one to the smallest that still fails.
//!
//! `cargo test` runs a quick count; CI (`just fuzz`) runs 300,000 payloads and 20,000
//! proptest cases in release mode: `FUZZ_PAYLOADS` and `PROPTEST_CASES` set the counts.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proxbox_ha::model::cluster::clusters;
use proxbox_ha::model::error::{classify, classify_action};
use proxbox_ha::model::ha_action::{parse_endpoints, parse_results};
use proxbox_ha::model::linkmap::{parse_page, wanted_ids, Source};
use proxbox_ha::model::summary::{parse_summary, SummaryAnswer};
use proxbox_ha::model::table::{csv, select, TableQuery};
use proxbox_ha::model::vm::{parse_vm, parse_vm_ha, proxmox_id};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// Payloads per run: `FUZZ_PAYLOADS` (CI: 300,000, `just fuzz`), two thirds structured, one
/// third text. The default keeps `cargo test` at a few seconds.
const DEFAULT_PAYLOADS: usize = 10_000;

fn payloads() -> usize {
    match std::env::var("FUZZ_PAYLOADS") {
        Ok(n) => n.replace('_', "").parse().expect("FUZZ_PAYLOADS takes a whole number"),
        Err(_) => DEFAULT_PAYLOADS,
    }
}

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const HOSTILE: [&str; 10] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "",
    "\u{202E}gnp.exe",
    "a\u{200B}b",
    "error: ",
    "vm:",
    "99999999999999999999999",
    "ct:-1",
];

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(rng.chance(2)),
        2 => json!(rng.below(3)),
        3 => json!(-(rng.below(1000) as i64)),
        4 => json!(rng.below(1000) as f64 + 0.5),
        5 => json!(u64::MAX),
        6 => json!(rng.below(300).to_string()),
        _ => json!(HOSTILE[rng.below(HOSTILE.len())]),
    }
}

fn mutate(value: &Value, rng: &mut Rng, depth: usize) -> Value {
    if depth > 12 || rng.chance(12) {
        return match rng.below(4) {
            0 => json!([scalar(rng)]),
            1 => json!({ "detail": scalar(rng) }),
            _ => scalar(rng),
        };
    }
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                if rng.chance(10) {
                    continue;
                }
                let key = if rng.chance(10) { k.replace('_', "-") } else { k.clone() };
                out.insert(key, if rng.chance(3) { mutate(v, rng, depth + 1) } else { v.clone() });
            }
            if rng.chance(8) {
                out.insert(
                    ["type", "status", "sid", "results", "next", "quorate"][rng.below(6)].into(),
                    scalar(rng),
                );
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let mut out: Vec<Value> = items
                .iter()
                .map(|v| if rng.chance(4) { mutate(v, rng, depth + 1) } else { v.clone() })
                .collect();
            if rng.chance(6) && !out.is_empty() {
                let i = rng.below(out.len());
                out.remove(i);
            }
            if rng.chance(6) {
                out.push(scalar(rng));
            }
            Value::Array(out)
        }
        _ => scalar(rng),
    }
}

fn mutate_text(text: &str, rng: &mut Rng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let i = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes.truncate(i),
            1 => {
                const ALPHABET: &[u8] = b"{}[]\",:0a\\\xff";
                bytes[i] = ALPHABET[rng.below(ALPHABET.len())];
            }
            2 => {
                bytes.remove(i);
            }
            _ => bytes.insert(i, b"\"}]"[rng.below(3)]),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn seeds() -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/mock-netbox/scenarios");
    let mut seeds: Vec<Value> = std::fs::read_dir(dir)
        .expect("scenario files")
        .flatten()
        .filter_map(|e| {
            serde_json::from_str::<Value>(&std::fs::read_to_string(e.path()).ok()?).ok()
        })
        .flat_map(|s| [s.pointer("/summary/body").cloned(), s.get("vms").cloned()])
        .flatten()
        .collect();
    seeds.extend([
        json!({"id": 2, "name": "vm101", "cluster": {"name": "lab"}, "custom_fields": {"proxmox_vm_id": "101"}}),
        json!({"count": 1, "next": "http://x/api/?offset=1", "results": [
            {"virtual_machine": {"id": 2, "name": "vm101"}, "proxmox_vm_id": 101, "proxmox_cluster_name": "lab"},
            {"id": 3, "name": "b", "cluster": {"name": "lab"}, "custom_fields": {"proxmox_vm_id": 101}}]}),
        json!({"sid": "vm:101", "max-restart": "0", "failback": "yes", "crm_state": "started"}),
        json!({}),
    ]);
    assert!(seeds.len() > 20, "seeds from the scenario files");
    seeds
}

#[derive(Default)]
struct Tally {
    data: usize,
    typed_errors: usize,
}

fn run_all(body: &Value, tally: &mut Tally) {
    let asked: BTreeSet<u64> = [101, 102, 0].into();
    match parse_summary(body) {
        Ok(SummaryAnswer::Data(summary)) => {
            tally.data += 1;
            let _ = clusters(&summary.status).iter().filter(|c| c.has_problem()).count();
            let rows = select(
                &summary.resources,
                &|r| Some(r.sid_text.clone()),
                &TableQuery::from_pairs([("q", "1"), ("sort", "-guest")]),
            );
            let _ = csv(&summary.resources, &rows, &|_| None);
            let _ = wanted_ids(&summary.resources);
        }
        Ok(SummaryAnswer::Notice(_)) => tally.data += 1,
        Err(_) => tally.typed_errors += 1,
    }
    let _ = parse_vm_ha(body);
    let _ = parse_results(body);
    let _ = parse_endpoints(body);
    for source in [Source::SyncState, Source::CustomField] {
        let _ = parse_page(source, body, &asked);
    }
    if let Ok(vm) = parse_vm(body) {
        let _ = proxmox_id(&vm, Some(body));
    }
}

/// Runs one round; if it panics, says which payload did before the test fails.
fn named_on_panic(round: usize, payload: &str, run: impl FnOnce()) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(run)) {
        let shown: String = payload.chars().take(2000).collect();
        eprintln!(
            "fuzz: round {round} panicked on this payload ({} bytes): {shown}",
            payload.len()
        );
        resume_unwind(panic);
    }
}

#[test]
fn parsers_end_in_data_or_a_typed_error_for_any_payload() {
    let seeds = seeds();
    let total = payloads();
    let (structured_rounds, text_rounds) = (total - total / 3, total / 3);
    let started = std::time::Instant::now();
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    let mut tally = Tally::default();
    for round in 0..structured_rounds {
        let seed = &seeds[rng.below(seeds.len())];
        let body = mutate(seed, &mut rng, 0);
        named_on_panic(round, &body.to_string(), || run_all(&body, &mut tally));
    }
    let mut text_errors = 0;
    for round in structured_rounds..total {
        let seed = seeds[rng.below(seeds.len())].to_string();
        let status = [200, 200, 200, 400, 403, 404, 502, 503][rng.below(8)];
        let text = mutate_text(&seed, &mut rng);
        named_on_panic(round, &text, || {
            let _ = classify_action(status, "text/html", &text);
            match classify(status, "application/json", &text) {
                Ok(body) => run_all(&body, &mut tally),
                Err(error) => {
                    assert!(!error.title().is_empty() && !error.advice().is_empty());
                    text_errors += 1;
                }
            }
        });
    }
    println!(
        "fuzz: {total} payloads ({structured_rounds} structured, {text_rounds} as text) in {:.1} s: \
         {} data, {} typed summary errors, {} typed HTTP errors, 0 panics",
        started.elapsed().as_secs_f64(),
        tally.data,
        tally.typed_errors,
        text_errors
    );
    // At 300,000: over 10,000 data, 1,000 summary errors, 1,000 HTTP errors.
    assert!(
        tally.data > total / 30 && tally.typed_errors > total / 300 && text_errors > total / 300,
        "the mutations reach both outcomes"
    );
}

/// The contract's keys and words, so that arbitrary JSON reaches past the parsers' first checks.
const WORDS: &str = "status|resources|groups|rules|nodes|sid|type|cluster_name|node|crm_state|\
    request_state|state|quorate|quorum|master|lrm|fencing|service|armed-state|resource-mode|\
    max_restart|failback|detail|results|next|count|id|name|virtual_machine|proxmox_vm_id|\
    custom_fields|endpoint|ok|error|endpoint_id|vm:101|ct:7|started|error: down|101";

fn word() -> impl Strategy<Value = String> {
    let words: Vec<String> = WORDS.split('|').map(str::to_owned).collect();
    prop_oneof![3 => prop::sample::select(words), 1 => "\\PC{0,8}"]
}

/// Any JSON value, nested up to 6 deep, with the contract's words for keys and strings.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        word().prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((word(), inner), 0..8)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_json_ends_in_data_or_a_typed_error(body in arbitrary_json()) {
        run_all(&body, &mut Tally::default());
    }

    #[test]
    fn any_answer_text_ends_in_data_or_a_typed_error(
        status in prop::sample::select(vec![200u16, 400, 401, 403, 404, 502, 503]),
        content_type in prop::sample::select(vec!["application/json", "text/html", ""]),
        text in prop_oneof![arbitrary_json().prop_map(|v| v.to_string()), "[\\[\\]{}\",:0-9a-z\\\\ ]{0,48}"],
    ) {
        let _ = classify_action(status, content_type, &text);
        match classify(status, content_type, &text) {
            Ok(body) => run_all(&body, &mut Tally::default()),
            Err(error) => prop_assert!(!error.title().is_empty() && !error.advice().is_empty()),
        }
    }
}
