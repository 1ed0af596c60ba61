// The real-NetBox half of the benchmark (tools/bench.sh, after tests/netbox/tier.sh up): bytes
// on the wire as NetBox serves the app, time to data against netbox-proxbox's own pages with a
// Proxmox that takes time, and the backend's cost as viewers grow. Same browser, same run.
//   RUNS=7 LATENCIES=0,100,300 RESOURCES=200 VIEWERS=1,10,30 DURATION=180 PARTS=wire,latency,load
import { chromium } from '@playwright/test';
import { launchOptions } from '../e2e/harness.mjs';
import { bigEstate } from './bench/estate.mjs';
import { latency } from './bench/latency.mjs';
import { wire } from './bench/wire.mjs';
import { load } from './bench/viewers.mjs';

const PARTS = (process.env.PARTS || 'wire,latency,load').split(',');
const data = await bigEstate();
const browser = await chromium.launch(launchOptions);
try {
  console.log(`Real chain: NetBox 4.7.3 + netbox-proxbox 0.0.29.post6 + proxbox-ha behind nginx, proxbox-api 0.0.30.post2, simulated Proxmox VE; headless Chromium ${browser.version()}\n`);
  if (PARTS.includes('wire')) console.log(`${await wire(browser, data)}\n`);
  if (PARTS.includes('latency')) console.log(`${await latency(browser, data)}\n`);
  if (PARTS.includes('load')) console.log(`${await load(browser, data)}\n`);
} finally {
  await browser.close();
}
