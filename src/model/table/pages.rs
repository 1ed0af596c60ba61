//! One page of the table at a time: the table stays fast at any estate size.

/// Rows per page: enough to scan, few enough to draw at once at any cluster size.
const PAGE_SIZE: usize = 250;

/// "Showing 1–250 of 1000 (filtered from 2000)" and the number of pages, for `shown` selected
/// rows of `total`, on (0-based) `page`, clamped like `page_of`.
pub fn pager_label(shown: usize, total: usize, page: usize) -> (String, usize) {
    let pages = shown.div_ceil(PAGE_SIZE).max(1);
    let page = page.min(pages - 1);
    let first = if shown == 0 { 0 } else { page * PAGE_SIZE + 1 };
    let last = (page * PAGE_SIZE + PAGE_SIZE).min(shown);
    let of =
        if shown == total { shown.to_string() } else { format!("{shown} (filtered from {total})") };
    (format!("Showing {first}–{last} of {of}"), pages)
}

/// The page's slice of `rows` and the page actually shown (clamped to the last page).
pub fn page_of(rows: &[usize], page: usize) -> (&[usize], usize) {
    let pages = rows.len().div_ceil(PAGE_SIZE).max(1);
    let page = page.min(pages - 1);
    let start = page * PAGE_SIZE;
    (&rows[start.min(rows.len())..(start + PAGE_SIZE).min(rows.len())], page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_says_what_is_shown() {
        assert_eq!(pager_label(1000, 1000, 0), ("Showing 1–250 of 1000".into(), 4));
        assert_eq!(pager_label(1000, 1000, 1).0, "Showing 251–500 of 1000");
        assert_eq!(pager_label(3, 8, 5), ("Showing 1–3 of 3 (filtered from 8)".into(), 1));
        assert_eq!(pager_label(0, 8, 0).0, "Showing 0–0 of 0 (filtered from 8)");
    }

    #[test]
    fn pages_clamp_to_the_last() {
        let rows: Vec<usize> = (0..PAGE_SIZE * 2 + 3).collect();
        assert_eq!(page_of(&rows, 0).0.len(), PAGE_SIZE);
        let (last, page) = page_of(&rows, 99);
        assert_eq!((last.len(), page), (3, 2));
        assert_eq!(page_of(&[], 5), (&[][..], 0));
    }
}
