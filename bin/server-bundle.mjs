// Which code `mcm` runs: the one-file bundle in dist-server/ (fast start) or the TypeScript sources through tsx.
// The bundle is used only when its build stamp matches the sources now, so nobody runs stale code by accident.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders and files whose content goes into the bundle; any change to them makes the bundle stale. */
export const SOURCE_DIRS = ['cli', 'core', 'server'];
export const SOURCE_FILES = ['package-lock.json', 'scripts/build-server.mjs'];

export const BUNDLE_DIR = 'dist-server';
export const STAMP_FILE = 'stamp.json';
export const ENTRY_FILES = { cli: 'mcm.mjs', worker: 'coreWorker.mjs' };

/** A fingerprint of source entries ({rel, mtimeMs, size}); order-independent, catches edits, additions and deletions. */
export function fingerprint(entries) {
  const lines = entries.map((e) => `${e.rel}\t${Math.trunc(e.mtimeMs)}\t${e.size}`).sort();
  return createHash('sha1').update(lines.join('\n')).digest('hex');
}

/**
 * The staleness rule: 'bundle' only when not forced off and the stamp written by the build equals the sources'
 * fingerprint now; otherwise 'tsx' with the reason (for MCM_DEBUG_BUNDLE and the tests).
 */
export function chooseRunner({ noBundle, bundleExists, stamp, current }) {
  if (noBundle) return { runner: 'tsx', reason: 'MCM_NO_BUNDLE=1' };
  if (!bundleExists) return { runner: 'tsx', reason: 'no bundle' };
  if (!stamp || stamp.fingerprint !== current) return { runner: 'tsx', reason: 'bundle is stale' };
  return { runner: 'bundle', reason: 'bundle is fresh' };
}

/** Stats every file under the source folders (skipping missing ones): the input to fingerprint(). */
export function sourceEntries(root) {
  const out = [];
  const add = (rel) => {
    const st = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
    if (st?.isFile()) out.push({ rel, mtimeMs: st.mtimeMs, size: st.size });
  };
  const walk = (rel) => {
    let list;
    try {
      list = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of list) {
      const child = `${rel}/${d.name}`;
      if (d.isDirectory()) walk(child);
      else if (d.isFile()) add(child);
    }
  };
  SOURCE_DIRS.forEach(walk);
  SOURCE_FILES.forEach(add);
  return out;
}

/** Reads dist-server/stamp.json, or null when it is missing or unreadable. */
export function readStamp(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, BUNDLE_DIR, STAMP_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** Decides for this checkout: reads the stamp and the sources and applies chooseRunner(). */
export function bundleChoice(root, env = process.env) {
  const dir = path.join(root, BUNDLE_DIR);
  const bundleExists = Object.values(ENTRY_FILES).every((f) => fs.existsSync(path.join(dir, f)));
  const noBundle = env.MCM_NO_BUNDLE === '1';
  // The walk costs a few ms; skip it when its answer cannot matter.
  const current = noBundle || !bundleExists ? '' : fingerprint(sourceEntries(root));
  return chooseRunner({ noBundle, bundleExists, stamp: readStamp(root), current });
}
