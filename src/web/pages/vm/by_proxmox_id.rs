use super::VmTab;
use crate::model::linkmap::Candidate;
use crate::web::components::alert::ErrorBanner;
use crate::web::components::links::AppLink;
use crate::web::components::loading::Loading;
use crate::web::context::AppContext;
use leptos::prelude::*;

/// Finds the NetBox VM carrying a Proxmox id; several are offered to pick from.
#[component]
pub fn ByProxmoxId(vmid: u64) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let found = LocalResource::new(move || {
        let client = ctx.client();
        async move { client.links(&[vmid]).await.map(|map| map.candidates(vmid).to_vec()) }
    });
    let retry = Callback::new(move |_| found.refetch());
    let several = move |vms: Vec<Candidate>| {
        let items = vms.into_iter().map(|vm| {
            let cluster = vm.cluster.as_deref().unwrap_or("unknown");
            let label = format!("{} (cluster {cluster})", vm.name);
            view! {
                <li>
                    <AppLink path=format!("/vm/{}", vm.netbox_id) text=label />
                </li>
            }
        });
        view! {
            <div class="card card-body" data-state="several-netbox-vms">
                <p>
                    {format!("Several NetBox virtual machines carry Proxmox id {vmid}. Pick one:")}
                </p>
                <ul>{items.collect_view()}</ul>
            </div>
        }
    };
    view! {
        <Transition fallback=|| {
            view! { <Loading label="Looking up the NetBox VM…" /> }
        }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <ErrorBanner error retry /> }.into_any(),
                    Ok(vms) if vms.len() == 1 => {
                        view! { <VmTab netbox_id=vms[0].netbox_id /> }.into_any()
                    }
                    Ok(vms) if vms.is_empty() => {
                        view! {
                            <div class="empty-state card card-body" data-state="no-netbox-vm">
                                <p>
                                    {format!(
                                        "No NetBox virtual machine carries Proxmox id {vmid}, or you may not view it.",
                                    )}
                                </p>
                                <p>
                                    "Run a Proxbox sync if the guest is new. "
                                    <AppLink path="/ha" text="See the cluster-wide HA Status" />"."
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(vms) => several(vms).into_any(),
                }
            })}
        </Transition>
    }
}
