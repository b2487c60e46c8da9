// electron-builder beforePack hook: builds better-sqlite3 for the target Electron, only for packaging.
// node_modules normally holds the Node ABI build (vitest, CLI, browser shell). @electron/rebuild rebuilds it in
// place, so the Node build is saved first and put back when electron-builder exits, keeping `npm test` working.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// builder-util's Arch enum, by number: the hook receives the number.
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };
const ADDON = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

let saved = null;

/** Copies the Node ABI addon aside once and restores it when this process exits, however the build ends. */
function keepNodeBuild(appDir) {
  const addon = path.join(appDir, ADDON);
  if (saved || !fs.existsSync(addon)) return;
  const backup = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-node-abi-')), 'better_sqlite3.node');
  fs.copyFileSync(addon, backup);
  saved = { addon, backup };
  process.once('exit', () => {
    try {
      fs.copyFileSync(backup, addon);
      fs.rmSync(path.dirname(backup), { recursive: true, force: true });
    } catch (err) {
      process.stderr.write(`before-pack: could not restore the Node build of better-sqlite3 (${err.message}); run "npm run rebuild:node"\n`);
    }
  });
}

/** The Electron version being packaged: builder's resolved framework, else the config, else the installed package. */
function electronVersionOf(context) {
  const packager = context.packager;
  return (
    (packager && packager.info && packager.info.framework && packager.info.framework.version) ||
    (packager && packager.config && packager.config.electronVersion) ||
    require('electron/package.json').version
  );
}

/** electron-builder calls this before copying app files for each platform/arch. */
module.exports = async function beforePack(context) {
  let rebuild;
  try {
    // @electron/rebuild is ESM-only and comes with electron-builder (a devDependency); load it only when packaging.
    ({ rebuild } = await import('@electron/rebuild'));
  } catch (err) {
    throw new Error(
      `before-pack: @electron/rebuild is not installed (${err.message}). It comes with electron-builder: run "npm ci" with dev dependencies.`,
    );
  }
  const appDir = context.packager.info.appDir;
  const electronVersion = electronVersionOf(context);
  const arch = ARCH_NAMES[context.arch] || process.arch;
  const platform = context.electronPlatformName;

  keepNodeBuild(appDir);
  // npm exports ~/.npmrc's nodedir to scripts; node-gyp would then compile against Node headers while labelling
  // the result as Electron ABI (seen on the build machine). Electron headers must come from headerURL.
  delete process.env.npm_config_nodedir;
  delete process.env.NPM_CONFIG_NODEDIR;

  process.stdout.write(`before-pack: better-sqlite3 for Electron ${electronVersion} (${platform}-${arch})\n`);
  await rebuild({
    buildPath: appDir,
    electronVersion,
    arch,
    platform,
    onlyModules: ['better-sqlite3'],
    force: true,
  });
};
