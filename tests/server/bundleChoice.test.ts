// The staleness rule behind bin/mcm.mjs: the dist-server bundle runs only while its stamp matches the sources.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleChoice, chooseRunner, fingerprint, sourceEntries } from '../../bin/server-bundle.mjs';
import { tempDir } from '../helpers/core';

describe('chooseRunner', () => {
  const fresh = { noBundle: false, bundleExists: true, stamp: { fingerprint: 'abc' }, current: 'abc' };

  it('runs the bundle only when it exists and its stamp matches the sources', () => {
    expect(chooseRunner(fresh).runner).toBe('bundle');
    expect(chooseRunner({ ...fresh, current: 'def' })).toEqual({ runner: 'tsx', reason: 'bundle is stale' });
    expect(chooseRunner({ ...fresh, stamp: null })).toEqual({ runner: 'tsx', reason: 'bundle is stale' });
    expect(chooseRunner({ ...fresh, bundleExists: false })).toEqual({ runner: 'tsx', reason: 'no bundle' });
  });

  it('MCM_NO_BUNDLE wins over a fresh bundle', () => {
    expect(chooseRunner({ ...fresh, noBundle: true })).toEqual({ runner: 'tsx', reason: 'MCM_NO_BUNDLE=1' });
  });
});

describe('fingerprint', () => {
  const a = { rel: 'core/a.ts', mtimeMs: 1000.7, size: 10 };
  const b = { rel: 'cli/b.ts', mtimeMs: 2000, size: 20 };

  it('ignores the order of entries and sub-millisecond noise', () => {
    expect(fingerprint([a, b])).toBe(fingerprint([b, { ...a, mtimeMs: 1000.2 }]));
  });

  it('changes on an edit, a resize, an addition and a deletion — also when the newest mtime does not move', () => {
    const base = fingerprint([a, b]);
    // An older file restored (cp -p, checkout of an old tree) lowers an mtime: a newest-mtime rule would miss it.
    expect(fingerprint([{ ...a, mtimeMs: 500 }, b])).not.toBe(base);
    expect(fingerprint([{ ...a, size: 11 }, b])).not.toBe(base);
    expect(fingerprint([a, b, { rel: 'server/c.ts', mtimeMs: 1, size: 1 }])).not.toBe(base);
    expect(fingerprint([b])).not.toBe(base);
  });
});

describe('bundleChoice on a checkout', () => {
  /** A fake project: one source file per folder, a bundle and a stamp written the way build-server does. */
  function fakeCheckout(): string {
    const root = tempDir();
    for (const dir of ['cli', 'core/db', 'server']) {
      fs.mkdirSync(path.join(root, dir), { recursive: true });
      fs.writeFileSync(path.join(root, dir, 'x.ts'), 'export {};\n');
    }
    fs.mkdirSync(path.join(root, 'dist-server'));
    for (const f of ['mcm.mjs', 'coreWorker.mjs']) fs.writeFileSync(path.join(root, 'dist-server', f), '');
    fs.writeFileSync(path.join(root, 'dist-server', 'stamp.json'), JSON.stringify({ fingerprint: fingerprint(sourceEntries(root)) }));
    return root;
  }

  it('walks cli/, core/ and server/ recursively', () => {
    const rels = sourceEntries(fakeCheckout()).map((e) => e.rel).sort();
    expect(rels).toEqual(['cli/x.ts', 'core/db/x.ts', 'server/x.ts']);
  });

  it('turns stale when a source is edited, added or removed, and fresh again after a rebuild', () => {
    const root = fakeCheckout();
    expect(bundleChoice(root, {}).runner).toBe('bundle');
    expect(bundleChoice(root, { MCM_NO_BUNDLE: '1' }).runner).toBe('tsx');

    const file = path.join(root, 'core', 'db', 'x.ts');
    fs.utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(bundleChoice(root, {})).toEqual({ runner: 'tsx', reason: 'bundle is stale' });

    fs.writeFileSync(path.join(root, 'dist-server', 'stamp.json'), JSON.stringify({ fingerprint: fingerprint(sourceEntries(root)) }));
    expect(bundleChoice(root, {}).runner).toBe('bundle');
    fs.writeFileSync(path.join(root, 'core', 'db', '007_new.sql'), 'select 1;');
    expect(bundleChoice(root, {}).runner).toBe('tsx');
    fs.rmSync(path.join(root, 'core', 'db', '007_new.sql'));
    expect(bundleChoice(root, {}).runner).toBe('bundle');

    fs.rmSync(path.join(root, 'dist-server', 'coreWorker.mjs'));
    expect(bundleChoice(root, {})).toEqual({ runner: 'tsx', reason: 'no bundle' });
  });
});
