/**
 * Benchmark worker: reads all H.E.S.S. DL3 DR1 observations (events with all columns, GTI, effective area, energy
 * dispersion, PSF, background) and prints timing and peak memory as JSON. Run by bench/read-hess.ts.
 */
import { openDataStore } from "../src/data/node.js";

const t0 = performance.now();
const store = openDataStore(process.argv[2]);
let events = 0;
let checksum = 0;
for (const id of store.obsIds) {
  const obs = store.obs(id);
  const ev = obs.events;
  events += ev.length;
  for (const c of ev.table.columns) checksum += c.data.length;
  checksum += obs.gti.timeSumS;
  checksum += obs.aeff!.data.length + obs.edisp!.data.length + obs.bkg!.data.length;
  const psf = obs.psf!;
  checksum += "data" in psf ? psf.data.length : 0;
}
const t1 = performance.now();
process.stdout.write(
  JSON.stringify({
    observations: store.obsIds.length,
    events,
    checksum,
    read_s: (t1 - t0) / 1000,
    maxrss_mb: process.resourceUsage().maxRSS / 1024,
  }),
);
