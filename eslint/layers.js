// Default-deny import rules per top folder (ARCHITECTURE.md "Layering"). Do not relax: add an explicit entry
// with a reason instead. A file in no layer is itself an error, so a new folder must be placed deliberately.
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const NODE = (s) => s.startsWith('node:') || builtinModules.includes(s);
const pkg = (...names) => (s) => names.some((n) => s === n || s.startsWith(n + '/'));

// Pure core modules compile without Node or DOM types (tsconfig.pure.json) and may be used by the renderer.
export const PURE_CORE = [
  /^core\/errors\.ts$/,
  /^core\/clock\.ts$/,
  /^core\/money\//,
  /^core\/requisites\//,
  /^core\/users\/roles\.ts$/,
  /^core\/contracts\/lifecycle\.ts$/,
  /^core\/approvals\/(route|quorum|workingHours|types)\.ts$/,
  /^core\/penalties\/(dates|monthFee|rules|payout|engine)\.ts$/,
  /^core\/reference\/regionMatch\.ts$/,
  /^core\/grid\/request\.ts$/,
  /^core\/grid\/fold\.ts$/,
  /^core\/dashboard\/(months|sandbox)\.ts$/,
  /^core\/format\//,
  /^core\/export\/formulaGuard\.ts$/,
  /^core\/budget\/forecast\.ts$/,
  /^core\/payments\/(purpose|exchange1c)\.ts$/,
  /^core\/documents\/words\.ts$/,
  /^core\/liveEvents\.ts$/,
];
const isPure = (rel) => PURE_CORE.some((re) => re.test(rel));

/** Each layer: which files it holds, which packages and which repo files it may import. */
export const LAYERS = [
  {
    name: 'core-pure',
    files: isPure,
    packages: pkg('zod'),
    files_ok: (target) => isPure(target),
  },
  {
    name: 'core',
    files: (rel) => rel.startsWith('core/'),
    // File formats of exports and documents: cp1251 (iconv-lite), UPD XML (xmlbuilder2), ZIP (fflate), DOCX (docxtemplater, pizzip).
    packages: (s) => NODE(s) || pkg('better-sqlite3', 'zod', 'xlsx', 'iconv-lite', 'xmlbuilder2', 'fflate', 'docxtemplater', 'pizzip')(s),
    files_ok: (target) => target.startsWith('core/'),
  },
  {
    name: 'electron',
    files: (rel) => rel.startsWith('electron/'),
    packages: (s) => NODE(s) || pkg('electron', 'zod')(s),
    // Pure core modules load nothing else, so main may use them without the core.
    files_ok: (target) => target.startsWith('electron/') || target === 'core/index.ts' || isPure(target),
    types_ok: (target) => target.startsWith('core/'),
  },
  {
    name: 'server',
    files: (rel) => rel.startsWith('server/'),
    packages: NODE,
    // Pure core modules load nothing else: the HTTP thread may use them without loading the core its workers run.
    files_ok: (target) => target.startsWith('server/') || target === 'core/index.ts' || isPure(target),
  },
  {
    name: 'cli',
    files: (rel) => rel.startsWith('cli/'),
    packages: (s) => NODE(s) || pkg('tsx')(s),
    // The CLI's `serve` command starts the browser shell, so it may use the server's entry point; before that it needs
    // only the core's light start-up door.
    files_ok: (target) =>
      target.startsWith('cli/') || target === 'core/index.ts' || target === 'core/startup.ts' || target === 'server/http.ts',
  },
  {
    name: 'renderer',
    files: (rel) => rel.startsWith('renderer/'),
    packages: pkg('react', 'react-dom', 'mobx', 'mobx-react-lite', 'ag-grid-community', 'ag-grid-react', '@ag-grid-community/locale', 'ag-charts-community', 'ag-charts-react', 'html-to-image'),
    files_ok: (target) => target.startsWith('renderer/') || isPure(target),
    // Types vanish at build time, so the renderer may name any command's input and output types.
    types_ok: (target) => target.startsWith('core/'),
  },
  {
    name: 'tooling',
    files: (rel) =>
      /^(tests|scripts|bench|bin|eslint)\//.test(rel) || /^[^/]+\.(js|mjs|cjs|ts)$/.test(rel),
    packages: () => true,
    files_ok: () => true,
  },
];

/** The layer a repo-relative file belongs to, or undefined. */
export function layerOf(rel) {
  return LAYERS.find((l) => l.files(rel));
}

function toRel(root, file) {
  return path.relative(root, file).split(path.sep).join('/');
}

function resolveTarget(root, fromFile, spec) {
  const rel = toRel(root, path.resolve(path.dirname(fromFile), spec));
  // Extensionless imports name a .ts/.tsx file or a folder's index.ts.
  if (!/\.(ts|tsx|js|mjs|cjs|json|css|sql)$/.test(rel)) return [rel + '.ts', rel + '.tsx', rel + '/index.ts'];
  return [rel];
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each top folder may import only what its layer allows (default deny).' },
    schema: [],
    messages: {
      noLayer: 'File {{file}} is in no layer of eslint/layers.js: place it deliberately.',
      pkg: 'Layer "{{layer}}" may not import package "{{spec}}".',
      file: 'Layer "{{layer}}" may not import {{target}}.',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const rel = toRel(root, file);
    const layer = layerOf(rel);
    const check = (node, spec, typeOnly) => {
      if (typeof spec !== 'string') return;
      if (!layer) return;
      if (spec.startsWith('.')) {
        const candidates = resolveTarget(root, file, spec);
        const ok = candidates.some((t) => layer.files_ok(t) || (typeOnly && layer.types_ok?.(t)));
        if (!ok) context.report({ node, messageId: 'file', data: { layer: layer.name, target: candidates[0] } });
      } else if (!layer.packages(spec)) {
        context.report({ node, messageId: 'pkg', data: { layer: layer.name, spec } });
      }
    };
    return {
      Program(node) {
        if (!layer) context.report({ node, messageId: 'noLayer', data: { file: rel } });
      },
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(node, node.source.value, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value, false);
        }
      },
    };
  },
};
