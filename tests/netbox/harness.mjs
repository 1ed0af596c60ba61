// The real-NetBox tier's harness: NetBox, netbox-proxbox, the real proxbox-api and two
// simulated Proxmox VE clusters (tests/netbox/tier.sh up), seeded through NetBox's and
// proxbox-api's REST APIs as a deployment is; logins through NetBox's form; the fault layer of
// the simulated clusters (tests/netbox/pve/faults.py) and their processes.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = path.join(root, 'target/netbox-tier');
/** NetBox behind nginx (the plugin, and the README's static hosting at /proxbox-ha/). */
export const NETBOX = `http://127.0.0.1:${process.env.TIER_NGINX_PORT || 58080}`;
/** NetBox's gunicorn itself, without nginx in front (which normalizes paths first). */
export const GUNICORN = `http://127.0.0.1:${process.env.TIER_NETBOX_PORT || 58001}`;
/** The same NetBox without netbox-proxbox in PLUGINS. */
export const BARE = `http://127.0.0.1:${process.env.TIER_BARE_PORT || 58002}`;
const BACKEND = `http://127.0.0.1:${process.env.TIER_BACKEND_PORT || 58800}`;
/** proxbox-api's own log, as tier.sh keeps it (its console; /var/log/proxbox.log holds
 * warnings only). */
export const BACKEND_LOG = path.join(run, 'proxbox-api.log');
export const PASSWORD = 'tier-Password-1234';
export const artifacts = path.join(root, 'tests/netbox/artifacts');
mkdirSync(artifacts, { recursive: true });

/** The simulated clusters, as their files in tests/netbox/pve/ describe them. */
const pveDir = path.join(root, 'tests/netbox/pve');
export const CLUSTERS = Object.fromEntries(readdirSync(pveDir).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(pveDir, f), 'utf8'))).map((c) => [c.name, c]));
/** Whether NetBox's endpoint allows writes (netbox-proxbox's `allow_writes`; proxbox-api keeps
 * its own copy, which the seed sets alike). prod is Proxmox VE 8 style: no HA arm at all. */
const WRITES = { prod: false, lab9: true };

// name, cluster, Proxmox id, type. vm:104 of prod has an HA resource but no NetBox VM;
// idle-01 is a VM Proxmox does not manage; never-synced has no Proxmox id.
const VMS = [
  ['web-01', 'prod', 101, 'qemu'], ['web-02', 'prod', 102, 'qemu'], ['db-01', 'prod', 103, 'qemu'],
  ['web-03', 'prod', 105, 'qemu'], ['cache-ct', 'prod', 200, 'lxc'], ['idle-01', 'prod', 106, 'qemu'],
  ['lab-web', 'lab9', 101, 'qemu'], ['lab-app', 'lab9', 300, 'qemu'], ['never-synced', 'prod', null, null],
];

/** The admin's API token, made once through NetBox's own provisioning endpoint. */
let adminToken;
async function token() {
  if (adminToken) return adminToken;
  execFileSync(path.join(root, 'tests/netbox/tier.sh'), ['manage', 'shell', '--command',
    `from users.models import User\nif not User.objects.filter(username="admin").exists(): User.objects.create_superuser("admin", "admin@example.com", "${PASSWORD}")`],
  { stdio: ['ignore', 'ignore', 'inherit'] });
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

async function exchange(method, url, headers, body) {
  const r = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** NetBox's REST API as the admin. */
export async function api(method, apiPath, body) {
  return exchange(method, `${NETBOX}/api/${apiPath}`, { authorization: `Bearer ${await token()}` }, body);
}

/** proxbox-api's REST API with the key tier.sh registered. */
export function backend(method, apiPath, body) {
  const key = readFileSync(path.join(run, 'proxbox-api.key'), 'utf8').trim();
  return exchange(method, `${BACKEND}${apiPath}`, { 'x-proxbox-api-key': key }, body);
}

/** The first object of a list matching `query`, or a new one made from `create`. */
async function ensure(listPath, query, create) {
  const found = await api('GET', `${listPath}?${query}`);
  return found.results[0] ?? api('POST', listPath, create);
}

/** A GET with the path sent byte for byte (browsers and fetch normalize `..` away, and
 * decode what they receive): the body as text and as the bytes that came. */
export function rawGet(origin, rawPath, headers = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path: rawPath, method: 'GET', headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: response.statusCode, headers: response.headers, body: bytes.toString('utf8'), bytes });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

/** The fault layer of simulated cluster `name` (self-signed HTTPS, loopback). */
export function faults(name, method, what, body) {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request({
      hostname: '127.0.0.1', port: CLUSTERS[name].port, path: `/__faults/${what}`, method,
      // A new connection each time: a kept-alive one uvicorn closes after 5 s idle hangs up.
      agent: false, rejectUnauthorized: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${what}: ${response.statusCode} ${text}`))));
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** Replaces cluster `name`'s run-time faults (delays, errors) with `rules`; [] for none. */
export const setFaults = (name, rules) => faults(name, 'PUT', 'rules', [...CLUSTERS[name].rules, ...rules]);
/** Back to the cluster file's own answers. */
export const clearFaults = (name) => faults(name, 'DELETE', 'rules');
/** The writes that reached simulated cluster `name`, and forgetting them. */
export const writes = (name) => faults(name, 'GET', 'writes');
export const clearWrites = (name) => faults(name, 'DELETE', 'writes');
/** As if HA had been disarmed (or armed) in the Proxmox UI. */
export const setFencing = (name, fencing) => faults(name, 'PUT', 'fencing', fencing);

/** tests/netbox/tier.sh with `args`: pve-start/pve-stop NAME, backend-start/backend-stop. */
export function tier(...args) {
  execFileSync(path.join(root, 'tests/netbox/tier.sh'), args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** proxbox-api's log lines since `since` (a Date) that name an HA write attempt, e.g.
 * `HA arm-ha attempt: actor=operator cluster=lab9`. The log lasts the whole run (proxbox-api
 * restarts append to it), so lines are told apart by their time (the machine's, UTC). */
export function writeAttempts(since) {
  const stamp = (line) => Date.parse(`${line.match(/\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3})\]/)?.slice(1).join('.')}Z`);
  return readFileSync(BACKEND_LOG, 'utf8').split('\n')
    .filter((l) => /HA (arm|disarm)-ha attempt/.test(l) && stamp(l) >= since.getTime());
}

let seeded = null;

/** Seeds NetBox and proxbox-api through their REST APIs, as an administrator deploying them
 * would (idempotent): the FastAPI backend record, one Proxmox endpoint per simulated cluster
 * and proxbox-api's row for it (named `<name> (nb:<pk>)`), the VMs and their sync-state rows,
 * and the users. */
export async function seed() {
  if (seeded) return seeded;
  const key = readFileSync(path.join(run, 'proxbox-api.key'), 'utf8').trim();
  const record = await ensure('plugins/proxbox/endpoints/fastapi/', 'name=proxbox-api', {
    name: 'proxbox-api', domain: 'localhost', port: Number(new URL(BACKEND).port), use_https: false,
    verify_ssl: false, enabled: true, token: key,
  });
  // A new proxbox-api database has a new key.
  await api('PATCH', `plugins/proxbox/endpoints/fastapi/${record.id}/`, { token: key });
  const type = await ensure('virtualization/cluster-types/', 'slug=proxmox', { name: 'Proxmox', slug: 'proxmox' });
  const endpoints = {};
  const clusters = {};
  const rows = await backend('GET', '/proxmox/endpoints');
  for (const { name, port } of Object.values(CLUSTERS)) {
    clusters[name] = await ensure('virtualization/clusters/', `name=${name}`, { name, type: type.id });
    endpoints[name] = await ensure('plugins/proxbox/endpoints/proxmox/', `name=${name}`, {
      name, domain: 'localhost', port, mode: 'cluster', username: 'root@pam', token_name: 'tier',
      token_value: 'secret', verify_ssl: false, enabled: true, timeout: 5, max_retries: 0, allow_writes: WRITES[name],
    });
    const rowName = `${name} (nb:${endpoints[name].id})`;
    if (!rows.some((row) => row.name === rowName)) {
      await backend('POST', '/proxmox/endpoints', {
        name: rowName, ip_address: '127.0.0.1', domain: 'localhost', port, username: 'root@pam',
        token_name: 'tier', token_value: 'secret', verify_ssl: false, allow_writes: WRITES[name],
      });
    }
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
  await seedUsers();
  seeded = { endpoints, clusters, vms };
  return seeded;
}

/** proxbox-api's own row for NetBox endpoint `name`. */
export async function backendRow(name) {
  const { endpoints } = await seed();
  const rows = await backend('GET', '/proxmox/endpoints');
  return rows.find((row) => row.name === `${name} (nb:${endpoints[name].id})`);
}

/** `viewer` may view the VMs and the Proxmox endpoint of cluster prod only; `operator` may
 * view everything and arm or disarm HA (`run_proxmox_action` on Proxmox endpoints);
 * `prod-operator` may do so on endpoint prod only; `auditor` may view everything, act on
 * nothing. */
async function seedUsers() {
  const user = (username) => ensure('users/users/', `username=${username}`, { username, password: PASSWORD });
  const grant = (name, users, object_types, actions, constraints) => ensure('users/permissions/', `name=${name}`, {
    name, object_types, actions, users: users.map((u) => u.id), ...(constraints ? { constraints } : {}),
  });
  const [operator, viewer, prodOperator, auditor] = [await user('operator'), await user('viewer'), await user('prod-operator'), await user('auditor')];
  const netboxObjects = ['virtualization.virtualmachine', 'virtualization.cluster', 'netbox_proxbox.proxboxvirtualmachinesyncstate'];
  await grant('tier-operator-view', [operator, prodOperator, auditor], netboxObjects, ['view']);
  await grant('tier-auditor-endpoints', [auditor], ['netbox_proxbox.proxmoxendpoint'], ['view']);
  await grant('tier-operator-endpoints', [operator], ['netbox_proxbox.proxmoxendpoint'], ['view', 'run_proxmox_action']);
  await grant('tier-prod-operator-endpoint', [prodOperator], ['netbox_proxbox.proxmoxendpoint'], ['view', 'run_proxmox_action'], { name: 'prod' });
  await grant('tier-viewer-vms', [viewer], ['virtualization.virtualmachine'], ['view'], { cluster__name: 'prod' });
  await grant('tier-viewer-endpoint', [viewer], ['netbox_proxbox.proxmoxendpoint'], ['view'], { name: 'prod' });
  await grant('tier-viewer-sync-state', [viewer], ['netbox_proxbox.proxboxvirtualmachinesyncstate', 'virtualization.cluster'], ['view']);
}

/** Logs in through NetBox's own login form. */
export async function login(page, username, base = NETBOX) {
  await page.goto(`${base}/login/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login/')), page.locator('form button[type=submit]').click()]);
}
