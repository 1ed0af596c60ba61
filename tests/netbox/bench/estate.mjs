// The benchmark's big estate: a third simulated Proxmox VE 9.2 cluster, `big`, with N HA
// resources (default 200), each with a NetBox VM and its sync-state row, registered in NetBox
// and proxbox-api as the tier's own clusters are.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLUSTERS, api, backend, root, seed, tier } from '../harness.mjs';

const NAME = 'big';
const PORT = 58445;
const NODES = ['big-1', 'big-2', 'big-3', 'big-4'];
const STATES = ['started', 'started', 'started', 'started', 'started', 'started', 'migrate', 'stopped', 'error', 'request_start'];
const T = 'Tue Dec  1 20:00:00 2026';

function clusterFile(n) {
  const sids = Array.from({ length: n }, (_, i) => `vm:${2000 + i}`);
  const status = [
    { id: 'quorum', type: 'quorum', node: NODES[0], status: 'OK', quorate: true },
    { id: 'master', type: 'master', node: NODES[0], status: `${NODES[0]} (active, ${T})`, timestamp: 1796155200 },
    { id: 'fencing', type: 'fencing', node: NODES[0], status: 'armed (CRM watchdog active)', 'armed-state': 'armed' },
    ...NODES.map((node) => ({ id: `lrm:${node}`, type: 'lrm', node, status: `${node} (active, watchdog active, ${T})`, timestamp: 1796155200 })),
    ...sids.map((sid, i) => {
      const [node, state] = [NODES[i % NODES.length], STATES[i % STATES.length]];
      return { id: `service:${sid}`, type: 'service', sid, node, crm_state: state, request_state: 'started', state, status: `${sid} (${node}, ${state})` };
    }),
  ];
  return {
    name: NAME,
    port: PORT,
    about: `The benchmark's Proxmox VE 9.2 style cluster with ${n} HA resources.`,
    routes: {
      '/api2/json/version': { release: '9.2', repoid: '0123abcd', version: '9.2.0' },
      '/api2/json/cluster/status': [{ id: 'cluster', type: 'cluster', name: NAME, nodes: NODES.length, quorate: true, version: 7 },
        ...NODES.map((node, i) => ({ id: `node/${node}`, type: 'node', name: node, nodeid: i + 1, online: true, local: i === 0, ip: `10.9.0.${i + 1}` }))],
      '/api2/json/cluster/config/join': { config_digest: 'big', preferred_node: NODES[0], totem: {},
        nodelist: NODES.map((node, i) => ({ name: node, nodeid: i + 1, pve_addr: `10.9.0.${i + 1}`, pve_fp: Array(32).fill('AB').join(':'), quorum_votes: 1 })) },
      '/api2/json/cluster/ha/status/current': status,
      '/api2/json/cluster/ha/resources': [],
      '/api2/json/cluster/ha/groups': [],
      '/api2/json/cluster/ha/rules': [],
    },
    members: { resources: sids.map((sid) => ({ sid, type: 'vm', digest: '0'.repeat(40), state: 'started', max_restart: 1, max_relocate: 1 })) },
    absent: [],
    rules: [{ method: 'GET', path: '/api2/json/cluster/ha/groups*', status: 500, body: { data: 'ha groups have been migrated to rules' } }],
  };
}

/** Starts `big` with `n` resources and registers it everywhere (idempotent per run). */
export async function bigEstate(n = Number(process.env.RESOURCES || 200)) {
  const base = await seed();
  const file = path.join(root, 'target/netbox-tier/bench', `${NAME}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const description = clusterFile(n);
  writeFileSync(file, JSON.stringify(description));
  tier('pve-start', NAME, file);
  CLUSTERS[NAME] = description;
  const type = (await api('GET', 'virtualization/cluster-types/?slug=proxmox')).results[0];
  const find = async (list, query) => (await api('GET', `${list}?${query}`)).results[0];
  const cluster = await find('virtualization/clusters/', `name=${NAME}`) ?? await api('POST', 'virtualization/clusters/', { name: NAME, type: type.id });
  const endpoint = await find('plugins/proxbox/endpoints/proxmox/', `name=${NAME}`) ?? await api('POST', 'plugins/proxbox/endpoints/proxmox/', {
    name: NAME, domain: 'localhost', port: PORT, mode: 'cluster', username: 'root@pam', token_name: 'tier',
    token_value: 'secret', verify_ssl: false, enabled: true, timeout: 5, max_retries: 0, allow_writes: false,
  });
  const rows = await backend('GET', '/proxmox/endpoints');
  if (!rows.some((row) => row.name === `${NAME} (nb:${endpoint.id})`)) {
    await backend('POST', '/proxmox/endpoints', {
      name: `${NAME} (nb:${endpoint.id})`, ip_address: '127.0.0.1', domain: 'localhost', port: PORT,
      username: 'root@pam', token_name: 'tier', token_value: 'secret', verify_ssl: false, allow_writes: false,
    });
  }
  const have = (await api('GET', `virtualization/virtual-machines/?cluster_id=${cluster.id}&limit=1`)).count;
  for (let start = have; start < n; start += 250) {
    const batch = Array.from({ length: Math.min(250, n - start) }, (_, k) => start + k);
    const vms = await api('POST', 'virtualization/virtual-machines/', batch.map((i) => ({ name: `big-guest-${2000 + i}`, cluster: cluster.id, status: 'active' })));
    await api('POST', 'plugins/proxbox/sync-state/virtual-machines/', vms.map((vm, k) => ({
      virtual_machine: vm.id, endpoint: endpoint.id, proxmox_vm_id: 2000 + batch[k], proxmox_vm_type: 'qemu', proxmox_cluster_name: NAME,
    })));
  }
  return { ...base, big: { cluster, endpoint, resources: n } };
}
