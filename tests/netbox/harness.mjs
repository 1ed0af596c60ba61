// The real-NetBox tier's test harness: NetBox (tests/netbox/tier.sh up), the stand-in
// proxbox-api, data seeded through NetBox's REST API, and logins through NetBox's form.
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { launchBrowser } from '../e2e/harness.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = path.join(root, 'target/netbox-tier');
/** NetBox behind nginx (the plugin, and the README's static hosting at /proxbox-ha/). */
export const NETBOX = `http://127.0.0.1:${process.env.TIER_NGINX_PORT || 58080}`;
/** NetBox's gunicorn itself, without nginx in front (which normalizes paths first). */
export const GUNICORN = `http://127.0.0.1:${process.env.TIER_NETBOX_PORT || 58001}`;
/** The same NetBox without netbox-proxbox in PLUGINS. */
export const BARE = `http://127.0.0.1:${process.env.TIER_BARE_PORT || 58002}`;
const STANDIN_PORT = Number(process.env.TIER_STANDIN_PORT || 58800);
const STANDIN_KEY = 'tier-standin-key-0123456789abcdef';
export const PASSWORD = 'tier-Password-1234';
export const artifacts = path.join(root, 'tests/netbox/artifacts');
mkdirSync(artifacts, { recursive: true });

/** The admin's API token, made once through NetBox's own provisioning endpoint. */
let adminToken;
async function token() {
  if (adminToken) return adminToken;
  const venvNetbox = path.join(run, 'opt/netbox/venv/bin/netbox');
  execFileSync(venvNetbox, ['shell', '--command',
    `from users.models import User\nif not User.objects.filter(username="admin").exists(): User.objects.create_superuser("admin", "admin@example.com", "${PASSWORD}")`],
  { env: { ...process.env, NETBOX_ROOT: path.join(run, 'netbox') }, stdio: ['ignore', 'ignore', 'inherit'] });
  const r = await fetch(`${NETBOX}/api/users/tokens/provision/`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const body = await r.json();
  if (!r.ok) throw new Error(`token provisioning: ${r.status} ${JSON.stringify(body)}`);
  // A v2 token: key and secret, sent as `Bearer nbt_<key>.<secret>`.
  adminToken = `nbt_${body.key}.${body.token}`;
  return adminToken;
}

/** NetBox's REST API as the admin. */
export async function api(method, apiPath, body) {
  const auth = await token();
  const r = await fetch(`${NETBOX}/api/${apiPath}`, {
    method,
    headers: {
      'content-type': 'application/json', accept: 'application/json',
      authorization: `Bearer ${auth}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} /api/${apiPath}: ${r.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** The first object of a list matching `query`, or a new one made from `create`. */
async function ensure(listPath, query, create) {
  const found = await api('GET', `${listPath}?${query}`);
  return found.results[0] ?? api('POST', listPath, create);
}

/** A GET with the path sent byte for byte (browsers and fetch normalize `..` away). */
export function rawGet(origin, rawPath) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path: rawPath, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

let standin = null;
// Never leave a stand-in behind, whatever ends this process.
process.on('exit', () => standin?.kill());

/** Starts the stand-in proxbox-api with the endpoints the seed created. */
export async function startStandin(scenario = process.env.TIER_SCENARIO || 'demo', endpoints = seeded?.standinEndpoints ?? []) {
  stopStandin();
  const config = path.join(run, 'standin.json');
  writeFileSync(config, JSON.stringify({ key: STANDIN_KEY, scenario, endpoints }));
  const child = spawn(path.join(root, 'target/debug/proxbox-api-standin'),
    ['--port', String(STANDIN_PORT), '--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  standin = child;
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => { if (String(chunk).includes('listening')) resolve(); });
    child.on('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
  });
  child.stdout.resume();
}

export function stopStandin() {
  standin?.kill();
  standin = null;
}

/** What the stand-in's HA arm/disarm does on `cluster`: ok, proxmox-error or fail. */
export function standinActionOutcome(cluster, outcome) {
  return fetch(`http://127.0.0.1:${STANDIN_PORT}/__standin/action/${cluster}/${outcome}`, { method: 'POST' });
}

/** Makes the stand-in answer its HA routes with 404, like a proxbox-api without them. */
export function standinTooOld(tooOld) {
  return fetch(`http://127.0.0.1:${STANDIN_PORT}/__standin/ha/${tooOld ? 'too-old' : 'current'}`, { method: 'POST' });
}

/** The estate of the stand-in's `demo` scenario, as NetBox knows it (contract section 4). */
const CLUSTERS = { prod: { domain: 'pve-prod.tier.test', writes: true }, lab9: { domain: 'pve-lab9.tier.test', writes: false } };
// name, cluster, Proxmox id, type; vm:104 has a resource but no NetBox VM.
const VMS = [
  ['web-01', 'prod', 101, 'qemu'], ['web-02', 'prod', 102, 'qemu'], ['db-01', 'prod', 103, 'qemu'],
  ['web-03', 'prod', 105, 'qemu'], ['cache-ct', 'prod', 200, 'lxc'], ['lab-web', 'lab9', 101, 'qemu'],
  ['lab-app', 'lab9', 300, 'qemu'], ['never-synced', 'prod', null, null],
];

let seeded = null;

/** Seeds NetBox through its REST API (once per database) and starts the stand-in. */
export async function seed() {
  if (seeded) return seeded;
  await startStandin('demo', []);
  await ensure('plugins/proxbox/endpoints/fastapi/', 'name=standin', {
    name: 'standin', domain: 'localhost', port: STANDIN_PORT, use_https: false, verify_ssl: false,
    enabled: true, token: STANDIN_KEY,
  });
  const type = await ensure('virtualization/cluster-types/', 'slug=proxmox', { name: 'Proxmox', slug: 'proxmox' });
  const endpoints = {};
  const clusters = {};
  for (const [name, { domain, writes }] of Object.entries(CLUSTERS)) {
    clusters[name] = await ensure('virtualization/clusters/', `name=${name}`, { name, type: type.id });
    endpoints[name] = await ensure('plugins/proxbox/endpoints/proxmox/', `name=${name}`, {
      name, domain, port: 8006, mode: 'cluster', username: 'root@pam', token_name: 'tier',
      token_value: 'secret', verify_ssl: false, enabled: true, timeout: 5, max_retries: 0, allow_writes: writes,
    });
  }
  const vms = {};
  for (const [name, cluster, vmid, kind] of VMS) {
    const vm = await ensure('virtualization/virtual-machines/', `name=${name}`, { name, cluster: clusters[cluster].id, status: 'active' });
    vms[name] = vm;
    if (vmid !== null) {
      await ensure('plugins/proxbox/sync-state/virtual-machines/', `virtual_machine_id=${vm.id}`, {
        virtual_machine: vm.id, endpoint: endpoints[cluster].id, proxmox_vm_id: vmid,
        proxmox_vm_type: kind, proxmox_cluster_name: cluster,
      });
    }
  }
  const standinEndpoints = Object.entries(CLUSTERS).map(([name, { domain, writes }], i) => ({
    id: i + 1, nb_pk: endpoints[name].id, name, domain, port: 8006, cluster: name, allow_writes: writes,
  }));
  seeded = { endpoints, clusters, vms, standinEndpoints };
  await startStandin('demo', standinEndpoints);
  await seedUsers();
  return seeded;
}

/** The stand-in's `generated-N` estate in NetBox: clusters alpha, bravo, charlie, one VM
 * `guest-<vmid>` with a sync-state row per resource (vmid 1000 + i), created in bulk. Then the
 * stand-in serves that scenario. For the benchmark. */
export async function seedGenerated(n) {
  const base = await seed();
  const type = await ensure('virtualization/cluster-types/', 'slug=proxmox', { name: 'Proxmox', slug: 'proxmox' });
  const names = ['alpha', 'bravo', 'charlie'];
  const endpoints = {};
  const clusters = {};
  for (const name of names) {
    clusters[name] = await ensure('virtualization/clusters/', `name=${name}`, { name, type: type.id });
    endpoints[name] = await ensure('plugins/proxbox/endpoints/proxmox/', `name=${name}`, {
      name, domain: `pve-${name}.tier.test`, port: 8006, mode: 'cluster', username: 'root@pam', token_name: 'tier',
      token_value: 'secret', verify_ssl: false, enabled: true, timeout: 5, max_retries: 0, allow_writes: false,
    });
  }
  const have = (await api('GET', `virtualization/virtual-machines/?name=guest-${1000 + n - 1}&limit=1`)).count;
  if (!have) {
    for (let start = 0; start < n; start += 250) {
      const batch = Array.from({ length: Math.min(250, n - start) }, (_, k) => start + k);
      const vms = await api('POST', 'virtualization/virtual-machines/', batch.map((i) => ({
        name: `guest-${1000 + i}`, cluster: clusters[names[i % 3]].id, status: 'active',
      })));
      await api('POST', 'plugins/proxbox/sync-state/virtual-machines/', vms.map((vm, k) => ({
        virtual_machine: vm.id, endpoint: endpoints[names[batch[k] % 3]].id, proxmox_vm_id: 1000 + batch[k],
        proxmox_vm_type: batch[k] % 10 === 9 ? 'lxc' : 'qemu', proxmox_cluster_name: names[batch[k] % 3],
      })));
    }
  }
  const standinEndpoints = names.map((name, i) => ({
    id: i + 1, nb_pk: endpoints[name].id, name, domain: `pve-${name}.tier.test`, port: 8006, cluster: name, allow_writes: false,
  }));
  await startStandin(`generated-${n}`, standinEndpoints);
  return { ...base, generated: { endpoints, clusters } };
}

/** `viewer` may view the VMs and the Proxmox endpoint of cluster prod only; `operator` may
 * view everything and arm or disarm HA (`run_proxmox_action` on Proxmox endpoints). */
async function seedUsers() {
  const operator = await ensure('users/users/', 'username=operator', { username: 'operator', password: PASSWORD });
  await ensure('users/permissions/', 'name=tier-operator-view', {
    name: 'tier-operator-view',
    object_types: ['virtualization.virtualmachine', 'virtualization.cluster', 'netbox_proxbox.proxboxvirtualmachinesyncstate'],
    actions: ['view'], users: [operator.id],
  });
  await ensure('users/permissions/', 'name=tier-operator-endpoints', {
    name: 'tier-operator-endpoints', object_types: ['netbox_proxbox.proxmoxendpoint'],
    actions: ['view', 'run_proxmox_action'], users: [operator.id],
  });
  const viewer = await ensure('users/users/', 'username=viewer', { username: 'viewer', password: PASSWORD });
  await ensure('users/permissions/', 'name=tier-viewer-vms', {
    name: 'tier-viewer-vms', object_types: ['virtualization.virtualmachine'], actions: ['view'],
    constraints: { cluster__name: 'prod' }, users: [viewer.id],
  });
  await ensure('users/permissions/', 'name=tier-viewer-endpoint', {
    name: 'tier-viewer-endpoint', object_types: ['netbox_proxbox.proxmoxendpoint'], actions: ['view'],
    constraints: { name: 'prod' }, users: [viewer.id],
  });
  await ensure('users/permissions/', 'name=tier-viewer-sync-state', {
    name: 'tier-viewer-sync-state',
    object_types: ['netbox_proxbox.proxboxvirtualmachinesyncstate', 'virtualization.cluster'],
    actions: ['view'], users: [viewer.id],
  });
}

/** Logs in through NetBox's own login form. */
export async function login(page, username, base = NETBOX) {
  await page.goto(`${base}/login/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login/')), page.locator('form button[type=submit]').click()]);
}
