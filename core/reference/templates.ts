// Import templates shipped in resources/templates (made by scripts/make-templates.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../errors';

/** Template files by kind; the CSV one shows the windows-1251 `;` layout Russian Excel produces. */
export const TEMPLATE_FILES = {
  skus: 'skus.xlsx',
  equipment: 'equipment.xlsx',
  counterparties: 'counterparties.xlsx',
  counterpartiesCsv: 'counterparties-cp1251.csv',
  outlets: 'outlets.xlsx',
  contracts: 'contracts.xlsx',
  visits: 'visits.xlsx',
  budget: 'budget-plan.xlsx',
} as const;
export type TemplateKind = keyof typeof TEMPLATE_FILES;
export const TEMPLATE_KINDS = Object.keys(TEMPLATE_FILES) as TemplateKind[];

/** The templates folder, found relative to this module so it works from any working directory. */
export function templatesDir(): string {
  return templatesDirBeside(path.dirname(fileURLToPath(import.meta.url)));
}

/**
 * Where the templates are for code in `moduleDir`: a `templates` folder beside a bundle (the desktop app's
 * dist-electron/, which ships no resources/ folder), else resources/templates of the source tree.
 */
export function templatesDirBeside(moduleDir: string): string {
  const bundled = path.join(moduleDir, 'templates');
  return fs.existsSync(path.join(bundled, TEMPLATE_FILES.visits)) ? bundled : path.resolve(moduleDir, '../../resources/templates');
}

/** Reads one template as base64 with its file name. */
export function readTemplate(kind: TemplateKind): { fileName: string; contentBase64: string } {
  const fileName = TEMPLATE_FILES[kind];
  try {
    return { fileName, contentBase64: fs.readFileSync(path.join(templatesDir(), fileName)).toString('base64') };
  } catch {
    throw new DomainError('not_found', `Шаблон «${fileName}» не найден в папке шаблонов приложения`);
  }
}
