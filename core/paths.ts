import * as os from 'node:os';
import * as path from 'node:path';

/** Where MCM keeps its data when no path is given; the same folder Electron uses as userData for "MCM". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'MCM');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'MCM');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'MCM');
}

/** The database file: MCM_DB when set, else mcm.sqlite in the data folder. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MCM_DB ?? path.join(defaultDataDir(env), 'mcm.sqlite');
}
