//! When the next automatic refresh is due. proxbox-api spends about 0.45 s of CPU on every
//! authenticated call (each shim answer is two), so open pages that refresh on a fixed clock
//! keep it busy; a page is a good citizen: it waits longer while answers fail or come slowly,
//! and never asks again while it is still waiting.

/// At most this many times the configured interval, however long things go wrong.
const MAX_STRETCH: f64 = 8.0;
/// While answers are slow, at least this many times the last answer's time between two.
const SLOW_FACTOR: f64 = 10.0;

/// The wait before the next automatic refresh, in ms: the configured interval, doubled for
/// each refresh in a row that failed, and at least `SLOW_FACTOR` times as long as the last
/// answer took; never more than `MAX_STRETCH` intervals.
pub fn refresh_delay_ms(interval_ms: f64, failures: u32, last_answer_ms: Option<f64>) -> f64 {
    let backoff = interval_ms * 2f64.powi(failures.min(8) as i32);
    let slow = last_answer_ms.map_or(0.0, |ms| ms * SLOW_FACTOR);
    backoff.max(slow).min(interval_ms * MAX_STRETCH).max(interval_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_healthy_backend_is_asked_on_the_configured_interval() {
        assert_eq!(refresh_delay_ms(30_000.0, 0, None), 30_000.0);
        assert_eq!(
            refresh_delay_ms(30_000.0, 0, Some(900.0)),
            30_000.0,
            "a 0.9 s answer is normal"
        );
    }

    #[test]
    fn failures_in_a_row_double_the_wait_up_to_eight_intervals() {
        let waits: Vec<f64> = (0..6).map(|n| refresh_delay_ms(30_000.0, n, None)).collect();
        assert_eq!(waits, [30_000.0, 60_000.0, 120_000.0, 240_000.0, 240_000.0, 240_000.0]);
        assert_eq!(refresh_delay_ms(30_000.0, u32::MAX, None), 240_000.0, "no overflow");
    }

    #[test]
    fn slow_answers_stretch_the_interval() {
        assert_eq!(refresh_delay_ms(30_000.0, 0, Some(6_000.0)), 60_000.0);
        assert_eq!(refresh_delay_ms(30_000.0, 0, Some(60_000.0)), 240_000.0, "capped");
        assert_eq!(refresh_delay_ms(30_000.0, 1, Some(4_000.0)), 60_000.0, "the longer of both");
    }
}
