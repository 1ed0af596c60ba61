//! Proxmox HA service ids: `vm:101`, `ct:101`, or a bare `101` in hand-written configs.

use crate::model::coerce::digits;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GuestKind {
    Vm,
    Ct,
    /// A bare number: the guest type is not known.
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sid {
    pub kind: GuestKind,
    /// The Proxmox VMID, the key NetBox knows the guest by.
    pub vmid: u64,
}

impl Sid {
    pub fn parse(raw: &str) -> Option<Sid> {
        let raw = raw.trim();
        let (kind, number) = match raw.split_once(':') {
            Some((prefix, number)) => match prefix.trim().to_ascii_lowercase().as_str() {
                "vm" => (GuestKind::Vm, number),
                "ct" => (GuestKind::Ct, number),
                _ => return None,
            },
            None => (GuestKind::Unknown, raw),
        };
        digits(number.trim()).map(|vmid| Sid { kind, vmid })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prefixed_and_bare_ids() {
        assert_eq!(Sid::parse("vm:101"), Some(Sid { kind: GuestKind::Vm, vmid: 101 }));
        assert_eq!(Sid::parse("CT:7"), Some(Sid { kind: GuestKind::Ct, vmid: 7 }));
        assert_eq!(Sid::parse(" 101 "), Some(Sid { kind: GuestKind::Unknown, vmid: 101 }));
        assert_eq!(Sid::parse("vm:0"), Some(Sid { kind: GuestKind::Vm, vmid: 0 }));
    }

    #[test]
    fn refuses_anything_that_is_not_a_plain_id() {
        for raw in [
            "",
            "vm:",
            "vm:abc",
            "vm:-1",
            "qemu:101",
            "vm:1:2",
            "<script>",
            "vm:1e3",
            "javascript:alert(1)",
        ] {
            assert_eq!(Sid::parse(raw), None, "{raw}");
        }
    }

    #[test]
    fn reads_case_and_spaces_canonically() {
        assert_eq!(Sid::parse("VM: 42"), Some(Sid { kind: GuestKind::Vm, vmid: 42 }));
        assert_eq!(Sid::parse("42"), Some(Sid { kind: GuestKind::Unknown, vmid: 42 }));
    }
}
