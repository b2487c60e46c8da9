import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'mcm/layers').map((m) => m.message);
}

describe('layering lint rule (default deny)', () => {
  it('refuses electron and react in the core', async () => {
    expect(await layerErrors('core/bad.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([
      'Layer "core" may not import package "electron".',
    ]);
    expect(await layerErrors('core/bad.ts', "import React from 'react';\nexport const x = React;\n")).toEqual([
      'Layer "core" may not import package "react".',
    ]);
  });

  it('refuses Node built-ins and the db in pure core modules and in the renderer', async () => {
    expect(await layerErrors('core/money/bad.ts', "import * as fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(
      await layerErrors('renderer/bad.ts', "import { openDatabase } from '../core/db/open';\nexport const x = openDatabase;\n"),
    ).toEqual(['Layer "renderer" may not import core/db/open.ts.']);
    expect(await layerErrors('renderer/bad.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
  });

  it('lets the renderer use pure modules and command types', async () => {
    const code =
      "import { formatRubles } from '../core/money';\nimport type { CommandName } from '../core/api';\nexport const x: CommandName | ((k: number) => string) = formatRubles;\n";
    expect(await layerErrors('renderer/ok.ts', code)).toEqual([]);
  });

  it('keeps shells at the core entry point', async () => {
    expect(await layerErrors('server/bad.ts', "import { dispatch } from '../core/dispatch';\nexport const x = dispatch;\n")).toHaveLength(1);
    expect(await layerErrors('server/ok.ts', "import { openCore } from '../core/index';\nexport const x = openCore;\n")).toEqual([]);
  });

  it('refuses a file outside every layer', async () => {
    expect(await layerErrors('stray/file.ts', 'export const x = 1;\n')).toEqual([
      'File stray/file.ts is in no layer of eslint/layers.js: place it deliberately.',
    ]);
  });
});
