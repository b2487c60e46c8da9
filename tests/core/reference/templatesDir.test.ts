// The desktop app's bundle (dist-electron/) ships no resources/ folder: templates are copied beside it, and the
// core must look there first, then in the source tree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_FILES, templatesDir, templatesDirBeside } from '../../../core/reference/templates';
import { tempDir } from '../../helpers/core';

describe('templates folder', () => {
  it('is resources/templates for the sources and holds every template', () => {
    expect(templatesDir()).toBe(path.resolve('resources', 'templates'));
    for (const f of Object.values(TEMPLATE_FILES)) expect(fs.existsSync(path.join(templatesDir(), f)), f).toBe(true);
  });

  it('is the templates folder beside a bundle when there is one', () => {
    const bundle = path.join(tempDir(), 'app', 'dist-electron');
    expect(templatesDirBeside(bundle)).toBe(path.resolve(bundle, '../../resources/templates'));
    fs.mkdirSync(path.join(bundle, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(bundle, 'templates', TEMPLATE_FILES.visits), 'x');
    expect(templatesDirBeside(bundle)).toBe(path.join(bundle, 'templates'));
  });
});
