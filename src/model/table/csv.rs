use crate::model::resource::Resource;
use crate::model::table::{cell_text, Column};

/// RFC 4180 CSV of the selected rows with every column. Cells that a spreadsheet would run
/// as a formula are prefixed with `'`.
pub fn csv(
    resources: &[Resource],
    rows: &[usize],
    guest: &dyn Fn(&Resource) -> Option<String>,
) -> String {
    let field = |text: &str| {
        let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{text}")
        } else {
            text.to_owned()
        };
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    };
    let mut out: Vec<String> =
        vec![Column::ALL.iter().map(|c| field(c.title())).collect::<Vec<_>>().join(",")];
    for &i in rows {
        let r = &resources[i];
        let name = guest(r);
        out.push(
            Column::ALL
                .iter()
                .map(|&c| field(&cell_text(r, name.as_deref(), c)))
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    out.join("\r\n") + "\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::table::fixtures::{names, resources};
    use crate::model::table::{select, TableQuery};

    #[test]
    fn csv_has_every_column_and_defuses_formulas() {
        let rs = resources();
        let rows = select(&rs, &names, &TableQuery::from_pairs([("node", "pve01")]));
        let text = csv(&rs, &rows, &names);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "SID,Guest,Type,Cluster,Group,Node,State,CRM state,Request state,Max restart,Max relocate,Failback");
        assert_eq!(lines[1], "vm:101,web-01,vm,prod,web,pve01,started,started,,1,—,—");
        assert_eq!(lines[2], "ct:200,,ct,prod,db,pve01,stopped,,,—,—,—");
        assert_eq!(lines.len(), 4, "header, two rows, final line break");
        let hostile =
            csv(&rs, &select(&rs, &names, &TableQuery::from_pairs([("cluster", "x")])), &names);
        assert!(hostile.contains(",'=cmd|' /C calc'!A0,"), "{hostile}");
    }
}
